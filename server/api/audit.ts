import type { Db } from "@/server/db/types";

export type AuditResult = "ok" | "error" | "denied";

export interface AuditEntry {
  actorId: string | null;
  actorName: string;
  action: string;
  hostId: string | null;
  targetType: "host" | "jail" | "user" | "session" | "token";
  target: string;
  result: AuditResult;
  message?: string;
  details?: unknown;
}

const SECRET_KEYS = /pass(word)?|secret|token/i;

/** Inputs are stored for the record, but never a password or token. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, SECRET_KEYS.test(key) ? "[redacted]" : redact(inner)]));
  }
  return value;
}

/** The id and time an event's row gets when they must be known before it is written (see writeAuditOrLog). */
export interface AuditStamp {
  id: string;
  at: Date;
}

export async function writeAudit(db: Db, entry: AuditEntry, stamp?: AuditStamp): Promise<void> {
  await db.auditEvent.create({
    data: {
      ...stamp,
      actorId: entry.actorId,
      actorName: entry.actorName,
      action: entry.action,
      hostId: entry.hostId,
      targetType: entry.targetType,
      target: entry.target,
      result: entry.result,
      message: entry.message ?? null,
      details: entry.details === undefined ? null : JSON.stringify(redact(entry.details)),
    },
  });
}
