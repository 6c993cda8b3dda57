import { db } from "@/server/db/prisma";

const WINDOW_MS = 60_000;

/**
 * Counts one attempt under `key` in a one-minute window (in better-auth's rateLimit table,
 * so every web process sharing the database shares the count). Returns null while the
 * attempt is allowed, else the seconds until the window ends.
 */
export async function usernameAttempts(key: string, maxPerMinute: number, now = Date.now()): Promise<number | null> {
  const prisma = db();
  const row = await prisma.rateLimit.findUnique({ where: { key } });
  if (!row || now - Number(row.lastRequest) >= WINDOW_MS) {
    await prisma.rateLimit.upsert({
      where: { key },
      create: { id: key, key, count: 1, lastRequest: BigInt(now) },
      update: { count: 1, lastRequest: BigInt(now) },
    });
    return null;
  }
  if (row.count >= maxPerMinute) return Math.max(1, Math.ceil((Number(row.lastRequest) + WINDOW_MS - now) / 1000));
  await prisma.rateLimit.update({ where: { key }, data: { count: { increment: 1 } } });
  return null;
}
