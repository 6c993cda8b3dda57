/**
 * When a user's sessions end (signed out elsewhere, ended by an admin, the account disabled)
 * or their grants change, their live sockets must be re-checked at once, not at the next
 * periodic check: ended sessions cut them, changed grants change what they may watch. Next.js bundles route
 * handlers in their own module graph, so the bus lives on globalThis where the socket server
 * (loaded by server-entry) and the tRPC routers (loaded by Next) both find the same one.
 */
import { EventEmitter } from "node:events";
import type { Db } from "@/server/db/types";

const KEY = Symbol.for("stockade.sessionEnds");
const store = globalThis as unknown as { [KEY]?: EventEmitter };

function bus(): EventEmitter {
  store[KEY] ??= new EventEmitter().setMaxListeners(0);
  return store[KEY];
}

/** Subscribes to "this user's sessions or grants changed"; returns the unsubscribe. */
export function onSessionsEnded(listener: (userId: string) => void): () => void {
  bus().on("ended", listener);
  return () => bus().off("ended", listener);
}

/** Deletes sessions (better-auth's own table) and tells the socket server to re-check that user's sockets. */
export async function endSessions(db: Db, userId: string, sessionId?: string): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { userId, ...(sessionId ? { id: sessionId } : {}) } });
  bus().emit("ended", userId);
  return count;
}

/** Tells the socket server (every web process, through the web tier) to re-read this user's grants: call it after the change is committed. */
export function grantsChanged(userId: string): void {
  bus().emit("ended", userId);
}
