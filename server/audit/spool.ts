/**
 * The audit spool: an audit event that could not reach the database waits on disk, one JSON
 * line each, until the database is back and the drain writes it with its original time.
 *
 * Each event carries the id its row gets, so it is written once however often a drain is
 * retried: a drain that died after some inserts, two drains racing, or a first write that did
 * commit although its answer was lost all meet the primary key and are counted, not duplicated.
 */
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { Db } from "@/server/db/types";

/** The spool lives under the data folder, beside the recordings. */
export const auditSpoolDir = (dataDir: string) => path.join(dataDir, "audit-spool");

/** Where events are appended; a drain renames it to a claimed name before reading it. */
const PENDING_FILE = "pending.jsonl";
/** A drain's claimed files sort by the time they were claimed, so older events are written first. */
const CLAIMED_FILE = /^claimed-\d{13}-[0-9a-f]{8}\.jsonl$/;
/** Lines a drain could not read are kept here for an operator, not dropped with their file. */
const REJECTED_FILE = "rejected.jsonl";

export const spooledEventSchema = z.object({
  id: z.string().min(1),
  at: z.iso.datetime(),
  actorId: z.string().nullable(),
  actorName: z.string(),
  action: z.string(),
  hostId: z.string().nullable(),
  targetType: z.enum(["host", "jail", "user", "session", "token"]),
  target: z.string(),
  result: z.enum(["ok", "error", "denied"]),
  message: z.string().optional(),
  /** Already redacted when spooled. */
  details: z.unknown().optional(),
});

export type SpooledEvent = z.infer<typeof spooledEventSchema>;

export interface CorruptLine {
  file: string;
  line: number;
  reason: string;
}

export interface DrainReport {
  written: number;
  /** Events whose row was already there (an earlier, interrupted drain or first write). */
  alreadyWritten: number;
  corrupt: CorruptLine[];
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await fs.open(dir, "r");
  await handle.sync().finally(() => handle.close());
}

/** Appends and fsyncs the line; false when a drain claimed the file meanwhile, so the line may have been missed. */
async function appendOnce(dir: string, line: string): Promise<boolean> {
  const file = path.join(dir, PENDING_FILE);
  const handle = await fs.open(file, "a", 0o600);
  try {
    await handle.write(line);
    await handle.sync();
    const written = await handle.stat();
    const current = await fs.stat(file).catch(() => null);
    return current !== null && current.ino === written.ino && current.dev === written.dev;
  } finally {
    await handle.close();
  }
}

/** Appends one event, durably. Appending again after a claim may leave the line twice; its id writes it once. */
export async function appendToSpool(dir: string, event: SpooledEvent): Promise<void> {
  const line = JSON.stringify(spooledEventSchema.parse(event)) + "\n";
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  for (let attempt = 0; attempt < 5; attempt++) {
    if (!(await appendOnce(dir, line))) continue;
    mayHoldEvents = true;
    return syncDirectory(dir);
  }
  throw new Error(`The audit spool ${dir} was claimed by a drain on each of 5 appends`);
}

/** A new id for an event's row, given before its first write so a spooled copy is the same row. */
export const newAuditEventId = (): string => crypto.randomUUID();

/** Renames the pending file to a claimed name; new events then go to a new pending file. */
async function claimPending(dir: string): Promise<void> {
  const claimed = `claimed-${String(Date.now()).padStart(13, "0")}-${crypto.randomBytes(4).toString("hex")}.jsonl`;
  await fs.rename(path.join(dir, PENDING_FILE), path.join(dir, claimed)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
  });
}

/** Claimed files in the order they were claimed, including those of a drain that died. */
async function claimedFiles(dir: string): Promise<string[]> {
  const names = await fs.readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [] as string[];
    throw error;
  });
  return names.filter((name) => CLAIMED_FILE.test(name)).sort();
}

/** The file's events in order; a line that is not an event is reported with its text kept aside. */
async function readClaimed(dir: string, name: string, report: DrainReport): Promise<SpooledEvent[]> {
  // Gone: a racing drain wrote it and removed it.
  const text = await fs.readFile(path.join(dir, name), "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return "";
    throw error;
  });
  const lines = text.split("\n");
  const events: SpooledEvent[] = [];
  const rejected: string[] = [];
  lines.forEach((text, index) => {
    if (text.trim() === "") return;
    const parsed = parseLine(text);
    if (parsed.success) return void events.push(parsed.data);
    report.corrupt.push({ file: name, line: index + 1, reason: parsed.reason });
    rejected.push(text + "\n");
  });
  if (rejected.length > 0) await fs.appendFile(path.join(dir, REJECTED_FILE), rejected.join(""), { mode: 0o600, flush: true });
  return events;
}

function parseLine(text: string): { success: true; data: SpooledEvent } | { success: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { success: false, reason: `not JSON: ${(error as Error).message}` };
  }
  const parsed = spooledEventSchema.safeParse(json);
  if (parsed.success) return { success: true, data: parsed.data };
  return { success: false, reason: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ") };
}

const prismaCode = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;

function rowOf(event: SpooledEvent, actorId: string | null) {
  const { details, message, at, ...rest } = event;
  return { ...rest, actorId, at: new Date(at), message: message ?? null, details: details === undefined ? null : JSON.stringify(details) };
}

/** Inserts the event under its own id; true if written now, false if its row was already there. */
async function writeSpooled(db: Db, event: SpooledEvent): Promise<boolean> {
  try {
    await db.auditEvent.create({ data: rowOf(event, event.actorId) });
    return true;
  } catch (error) {
    if (prismaCode(error) === "P2002") return false;
    // The actor was deleted since: the event keeps their name, as a written event's row would (onDelete: SetNull).
    if (prismaCode(error) !== "P2003") throw error;
    return writeSpooled(db, { ...event, actorId: null });
  }
}

/**
 * Writes every spooled event to the audit table, in order, each once, and removes each file
 * only after all its events are written. Throws (keeping the files) if the database fails.
 */
export async function drainAuditSpool(db: Db, dir: string): Promise<DrainReport> {
  const report: DrainReport = { written: 0, alreadyWritten: 0, corrupt: [] };
  await claimPending(dir);
  for (const name of await claimedFiles(dir)) {
    for (const event of await readClaimed(dir, name, report)) {
      if (await writeSpooled(db, event)) report.written++;
      else report.alreadyWritten++;
    }
    await fs.rm(path.join(dir, name), { force: true });
  }
  return report;
}

let drainInFlight: Promise<void> | undefined;
/**
 * Whether this process may have left events in the spool: true at start (a last run's), set by
 * an append and by a failed drain, cleared as a drain starts. A database that answers is asked
 * to drain at every change; without this each would read the spool folder for nothing.
 */
let mayHoldEvents = true;

function logReport(report: DrainReport, dir: string, log: (line: string) => void): void {
  if (report.written > 0) log(`Audit spool ${dir}: wrote ${report.written} event(s) kept while the database was unreachable`);
  for (const { file, line, reason } of report.corrupt) {
    log(`Audit spool ${dir}: ${file} line ${line} is not an audit event (${reason}); kept in ${REJECTED_FILE}`);
  }
}

/** Starts a drain unless this process runs one already or has nothing to drain; reports what it did to log. Never rejects. */
export function drainAuditSpoolInBackground(db: Db, dir: string, log: (line: string) => void = console.error): Promise<void> {
  if (drainInFlight) return drainInFlight;
  if (!mayHoldEvents) return Promise.resolve();
  mayHoldEvents = false;
  drainInFlight = drainAuditSpool(db, dir)
    .then(
      (report) => logReport(report, dir, log),
      (error: unknown) => {
        mayHoldEvents = true;
        log(`Audit spool ${dir} not drained, kept for the next try: ${(error as Error).message}`);
      },
    )
    .finally(() => (drainInFlight = undefined));
  return drainInFlight;
}
