import { TRPCError } from "@trpc/server";
import type { Db } from "@/server/db/types";
import { databaseReachable, DATABASE_UNREACHABLE_MESSAGE, isDatabaseUnreachable } from "@/server/db/unreachable";
import { redact, writeAudit, type AuditEntry } from "./audit";

/** A change that had started (its agent call may have run) when the database went away. */
export const DATABASE_LOST_DURING_CHANGE_MESSAGE =
  "The database (PostgreSQL) became unreachable during this change: it may be incomplete on the host. Check before retrying.";

export const AUDIT_NOT_WRITTEN_MESSAGE =
  "The database (PostgreSQL) became unreachable before this change's audit event was written: the change may have been made on the host. The event was written to the web process's standard error instead.";

export function databaseUnavailable(message = DATABASE_UNREACHABLE_MESSAGE, cause?: unknown): TRPCError {
  return new TRPCError({ code: "SERVICE_UNAVAILABLE", message, cause });
}

/** An unreachable database becomes the one clear refusal; any other error is returned as it was. */
export function unreachableToTrpc(error: unknown, message = DATABASE_UNREACHABLE_MESSAGE): unknown {
  return isDatabaseUnreachable(error) ? databaseUnavailable(message, error) : error;
}

/** Before a change reaches the agent: a change made on the host without its audit event is what this prevents. */
export async function refuseWhileDatabaseUnreachable(db: Db): Promise<void> {
  if (!(await databaseReachable(db))) throw databaseUnavailable();
}

/** The audit write after a change; when it fails the event goes to stderr whole, so it is not lost. */
export async function writeAuditOrLog(db: Db, entry: AuditEntry): Promise<void> {
  try {
    await writeAudit(db, entry);
  } catch (error) {
    const event = { ...entry, at: new Date().toISOString(), details: redact(entry.details) };
    console.error(`Audit event not written to the database: ${JSON.stringify(event)}`, error);
    throw unreachableToTrpc(error, AUDIT_NOT_WRITTEN_MESSAGE);
  }
}
