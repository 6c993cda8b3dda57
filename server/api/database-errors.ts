import { TRPCError } from "@trpc/server";
import type { Db } from "@/server/db/types";
import { databaseReachable, DATABASE_UNREACHABLE_MESSAGE, isDatabaseUnreachable } from "@/server/db/unreachable";
import { webConfig } from "@/server/config";
import { appendToSpool, auditSpoolDir, drainAuditSpoolInBackground, newAuditEventId, type SpooledEvent } from "@/server/audit/spool";
import { redact, writeAudit, type AuditEntry } from "./audit";

/** A change that had started (its agent call may have run) when the database went away. */
export const DATABASE_LOST_DURING_CHANGE_MESSAGE =
  "The database (PostgreSQL) became unreachable during this change: it may be incomplete on the host. Check before retrying.";

export const AUDIT_KEPT_MESSAGE =
  "The database (PostgreSQL) became unreachable before this change's audit event was written: the change may have been made on the host. The event is kept on the web's disk and will be written to the audit log when the database is back.";

/** When even the spool could not keep the event (the disk refused it). */
export const AUDIT_NOT_WRITTEN_MESSAGE =
  "The database (PostgreSQL) became unreachable before this change's audit event was written: the change may have been made on the host. The event was written to the web process's standard error instead.";

export function databaseUnavailable(message = DATABASE_UNREACHABLE_MESSAGE, cause?: unknown): TRPCError {
  return new TRPCError({ code: "SERVICE_UNAVAILABLE", message, cause });
}

/** An unreachable database becomes the one clear refusal; any other error is returned as it was. */
export function unreachableToTrpc(error: unknown, message = DATABASE_UNREACHABLE_MESSAGE): unknown {
  return isDatabaseUnreachable(error) ? databaseUnavailable(message, error) : error;
}

const spoolDirOfThisWeb = () => auditSpoolDir(webConfig().dataDir);

/**
 * Before a change reaches the agent: a change made on the host without its audit event is what this prevents.
 * A database that answers is also the moment to write the events kept while it did not.
 */
export async function refuseWhileDatabaseUnreachable(db: Db): Promise<void> {
  if (!(await databaseReachable(db))) throw databaseUnavailable();
  void drainAuditSpoolInBackground(db, spoolDirOfThisWeb());
}

/** Keeps the event for the drain; the message says whether it was kept. */
async function keepInSpool(event: SpooledEvent): Promise<string> {
  const dir = spoolDirOfThisWeb();
  try {
    await appendToSpool(dir, event);
    return AUDIT_KEPT_MESSAGE;
  } catch (error) {
    console.error(`Audit event ${event.id} not kept in the audit spool ${dir}:`, error);
    return AUDIT_NOT_WRITTEN_MESSAGE;
  }
}

/**
 * The audit write after a change. When it fails the event goes to stderr whole; when it failed
 * because the database is unreachable it is also kept in the spool, under the id and time it
 * was given before the first try, to be written once the database is back.
 */
export async function writeAuditOrLog(db: Db, entry: AuditEntry): Promise<void> {
  const stamp = { id: newAuditEventId(), at: new Date() };
  try {
    await writeAudit(db, entry, stamp);
  } catch (error) {
    const event = { ...entry, id: stamp.id, at: stamp.at.toISOString(), details: redact(entry.details) };
    console.error(`Audit event not written to the database: ${JSON.stringify(event)}`, error);
    if (!isDatabaseUnreachable(error)) throw error;
    throw databaseUnavailable(await keepInSpool(event), error);
  }
}
