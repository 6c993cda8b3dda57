import { z } from "zod";
import type { Db } from "@/server/db/types";

export const sessionIdSchema = z.string().min(1).max(200);

export interface SessionView {
  id: string;
  userAgent: string | null;
  ipAddress: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  current: boolean;
}

/** A user's live sessions from better-auth's session table, newest use first; never the token. */
export async function sessionsOf(db: Db, userId: string, currentId?: string): Promise<SessionView[]> {
  const rows = await db.session.findMany({
    where: { userId, expiresAt: { gt: new Date() } },
    select: { id: true, userAgent: true, ipAddress: true, createdAt: true, updatedAt: true, expiresAt: true },
    orderBy: { updatedAt: "desc" },
  });
  return rows.map(({ updatedAt, ...row }) => ({ ...row, lastSeenAt: updatedAt, current: row.id === currentId }));
}
