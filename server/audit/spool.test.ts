import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createPrismaClient } from "@/server/db/client";
import { applyMigrations } from "@/server/db/migrate";
import type { Db } from "@/server/db/types";
import { appendToSpool, drainAuditSpool, drainAuditSpoolInBackground, newAuditEventId, type SpooledEvent } from "./spool";

/** Runs once between the spool's next open() and its use of the handle: a drain winning the race. */
const raceAfterOpen = vi.hoisted(() => ({ run: null as null | (() => Promise<unknown>) }));
vi.mock("node:fs/promises", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs/promises")>();
  const open = async (...args: Parameters<typeof real.open>) => {
    const handle = await real.open(...args);
    const race = raceAfterOpen.run;
    raceAfterOpen.run = null;
    await race?.();
    return handle;
  };
  return { ...real, open, default: { ...real, open } };
});

const root = fs.mkdtempSync(path.join(os.tmpdir(), "stockade-spool-"));
let db: Db;
let dir: string;
let run = 0;

beforeAll(async () => {
  const url = `file:${path.join(root, "spool.db")}`;
  await applyMigrations(url);
  db = createPrismaClient(url);
});
afterAll(async () => {
  await db?.$disconnect();
  fs.rmSync(root, { recursive: true, force: true });
});
beforeEach(() => {
  dir = path.join(root, `spool-${++run}`);
});

function event(target: string, at: string, extra: Partial<SpooledEvent> = {}): SpooledEvent {
  const base = { actorId: null, actorName: "alice", action: "jails.start", hostId: "local", targetType: "jail" as const };
  return { id: newAuditEventId(), at, ...base, target, result: "ok", details: { name: target }, ...extra };
}

const rowsFor = (ids: string[]) => db.auditEvent.findMany({ where: { id: { in: ids } }, orderBy: { at: "asc" } });
const filesIn = (where: string) => (fs.existsSync(where) ? fs.readdirSync(where).sort() : []);

describe("the audit spool", () => {
  it("appends one private JSON line per event, fsync'd to a pending file", async () => {
    const first = event("www1", "2026-12-01T10:00:00.000Z");
    await appendToSpool(dir, first);
    await appendToSpool(dir, event("db1", "2026-12-01T10:00:01.000Z"));
    const file = path.join(dir, "pending.jsonl");
    const lines = fs.readFileSync(file, "utf8").trimEnd().split("\n");
    expect(lines.map((line) => JSON.parse(line).target)).toEqual(["www1", "db1"]);
    expect(JSON.parse(lines[0] ?? "")).toEqual(first);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
  });

  it("refuses to spool something that is not an audit event", async () => {
    await expect(appendToSpool(dir, { ...event("www1", "2026-12-01T10:00:00.000Z"), at: "yesterday" })).rejects.toThrow();
    expect(filesIn(dir)).toEqual([]);
  });

  it("drains in order with the events' original times, ids and details, then removes the spool", async () => {
    const events = [
      event("www1", "2026-12-01T10:00:00.000Z", { message: "started" }),
      event("db1", "2026-12-01T10:00:02.000Z", { result: "error", details: undefined }),
      event("dev1", "2026-12-01T10:00:03.000Z", { targetType: "host", target: "local" }),
    ];
    for (const spooled of events) await appendToSpool(dir, spooled);
    expect(await drainAuditSpool(db, dir)).toEqual({ written: 3, alreadyWritten: 0, corrupt: [] });
    const rows = await rowsFor(events.map((e) => e.id));
    expect(rows.map((row) => [row.id, row.at.toISOString(), row.target, row.result, row.message, row.details])).toEqual([
      [events[0]?.id, "2026-12-01T10:00:00.000Z", "www1", "ok", "started", '{"name":"www1"}'],
      [events[1]?.id, "2026-12-01T10:00:02.000Z", "db1", "error", null, null],
      [events[2]?.id, "2026-12-01T10:00:03.000Z", "local", "ok", null, '{"name":"dev1"}'],
    ]);
    expect(filesIn(dir)).toEqual([]);
    expect(await drainAuditSpool(db, dir)).toEqual({ written: 0, alreadyWritten: 0, corrupt: [] });
  });

  it("writes each event once after a drain that died midway, and once when two drains race", async () => {
    const events = ["a1", "a2", "a3", "a4"].map((target, i) => event(target, `2026-12-02T10:00:0${i}.000Z`));
    for (const spooled of events) await appendToSpool(dir, spooled);
    let inserts = 0;
    const dying = {
      auditEvent: {
        create: (args: Parameters<Db["auditEvent"]["create"]>[0]) => {
          if (++inserts > 2) throw new Error("process died");
          return db.auditEvent.create(args);
        },
      },
    } as unknown as Db;
    await expect(drainAuditSpool(dying, dir)).rejects.toThrow("process died");
    expect(filesIn(dir)).toEqual([expect.stringMatching(/^claimed-\d{13}-[0-9a-f]{8}\.jsonl$/)]);
    await appendToSpool(dir, event("a5", "2026-12-02T10:00:05.000Z"));
    const [one, two] = await Promise.all([drainAuditSpool(db, dir), drainAuditSpool(db, dir)]);
    expect((one?.written ?? 0) + (two?.written ?? 0)).toBe(3);
    const rows = await db.auditEvent.findMany({ where: { target: { in: ["a1", "a2", "a3", "a4", "a5"] } }, orderBy: { at: "asc" } });
    expect(rows.map((row) => row.target)).toEqual(["a1", "a2", "a3", "a4", "a5"]);
    expect(filesIn(dir)).toEqual([]);
  });

  it("appends again when a drain claimed the spool between its open and its write", async () => {
    await appendToSpool(dir, event("g0", "2026-12-02T12:00:00.000Z"));
    const late = event("g1", "2026-12-02T12:00:01.000Z");
    // The append's open wins the race, then a whole drain runs (claims, writes, removes) before its write.
    raceAfterOpen.run = () => drainAuditSpool(db, dir);
    await appendToSpool(dir, late);
    expect(raceAfterOpen.run).toBeNull();
    expect(await db.auditEvent.count({ where: { target: "g0" } })).toBe(1);
    await drainAuditSpool(db, dir);
    expect(await db.auditEvent.count({ where: { id: late.id } })).toBe(1);
  });

  it("writes an event whose first write did commit only once (its id is the row's)", async () => {
    const committed = event("b1", "2026-12-03T10:00:00.000Z");
    const { id, at, details, ...rest } = committed;
    await db.auditEvent.create({ data: { ...rest, id, at: new Date(at), details: JSON.stringify(details) } });
    await appendToSpool(dir, committed);
    expect(await drainAuditSpool(db, dir)).toMatchObject({ written: 0, alreadyWritten: 1 });
    expect(await db.auditEvent.count({ where: { target: "b1" } })).toBe(1);
  });

  it("keeps the actor's name when the actor was deleted meanwhile", async () => {
    const gone = event("c1", "2026-12-03T11:00:00.000Z", { actorId: "no-such-user", actorName: "bob" });
    await appendToSpool(dir, gone);
    expect(await drainAuditSpool(db, dir)).toMatchObject({ written: 1 });
    expect(await rowsFor([gone.id])).toMatchObject([{ actorId: null, actorName: "bob" }]);
  });

  it("reports a corrupt line, keeps it aside and writes the events around it", async () => {
    const before = event("d1", "2026-12-04T10:00:00.000Z");
    const after = event("d2", "2026-12-04T10:00:01.000Z");
    await appendToSpool(dir, before);
    fs.appendFileSync(path.join(dir, "pending.jsonl"), '{"id":"torn","at":"2026-12-04T10:00\n{"id":"x","at":"soon"}\n');
    await appendToSpool(dir, after);
    const report = await drainAuditSpool(db, dir);
    expect(report.written).toBe(2);
    expect(report.corrupt).toEqual([
      { file: expect.stringMatching(/^claimed-/), line: 2, reason: expect.stringMatching(/^not JSON/) },
      { file: expect.stringMatching(/^claimed-/), line: 3, reason: expect.stringContaining("at") },
    ]);
    expect((await rowsFor([before.id, after.id])).map((row) => row.target)).toEqual(["d1", "d2"]);
    expect(filesIn(dir)).toEqual(["rejected.jsonl"]);
    expect(fs.readFileSync(path.join(dir, "rejected.jsonl"), "utf8")).toContain('{"id":"torn"');
  });

  it("in the background, logs what it wrote and a failure, and never rejects", async () => {
    const lines: string[] = [];
    await appendToSpool(dir, event("e1", "2026-12-05T10:00:00.000Z"));
    const broken = { auditEvent: { create: () => Promise.reject(new Error("disk on fire")) } } as unknown as Db;
    await drainAuditSpoolInBackground(broken, dir, (line) => lines.push(line));
    await drainAuditSpoolInBackground(db, dir, (line) => lines.push(line));
    expect(lines).toEqual([
      expect.stringContaining("not drained, kept for the next try: disk on fire"),
      expect.stringContaining("wrote 1 event(s)"),
    ]);
    expect(await db.auditEvent.count({ where: { target: "e1" } })).toBe(1);
  });
});
