import type { Db } from "@/server/db/types";

const DAY_MS = 86_400_000;

/**
 * The only code that deletes audit events: those older than the retention. The retention is
 * also written to the row the database triggers read, so they refuse deleting anything younger.
 */
export async function applyAuditRetention(db: Db, days: number, now = Date.now()): Promise<number> {
  await db.auditRetention.upsert({ where: { id: 1 }, create: { id: 1, days }, update: { days } });
  const { count } = await db.auditEvent.deleteMany({ where: { at: { lt: new Date(now - days * DAY_MS) } } });
  return count;
}

/** Runs the retention now and once a day; returns a stop function. */
export function startAuditRetention(db: Db, days: number, log: (line: string) => void): () => void {
  const run = () =>
    applyAuditRetention(db, days).then(
      (count) => count > 0 && log(`Audit retention: removed ${count} events older than ${days} days`),
      (error: unknown) => log(`Audit retention failed: ${(error as Error).message}`),
    );
  void run();
  const timer = setInterval(() => void run(), DAY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
