import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import { callerFromHeaders } from "@/server/api/context";
import type { Caller } from "@/server/api/init";
import { onSessionsEnded } from "@/server/auth/session-ends";

export interface SocketData {
  caller: Caller;
}

export type StockadeSocket = Socket<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>;

function headersOf(socket: Socket): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(socket.request.headers)) {
    if (typeof value === "string") headers.set(key, value);
    else if (Array.isArray(value)) headers.set(key, value.join(", "));
  }
  return headers;
}

/**
 * A connected socket's session is checked again this often: a reset password or an expired
 * session ends the connection. (Disabling a user, ending a session or changing a grant
 * re-checks that user's sockets at once, through session-ends.)
 */
export const REVALIDATE_MS = 15_000;

/** The socket's user, unless there is none or they must first replace a one-time password or set up two-factor sign-in. */
async function liveCaller(socket: Socket): Promise<Caller | null> {
  const caller = await callerFromHeaders(headersOf(socket)).catch(() => null);
  return caller && !caller.mustChangePassword && !caller.mustEnrolTwoFactor ? caller : null;
}

/** Tells the browser its grants changed, so it asks again for the watches it holds (and those it was refused). */
export const GRANTS_CHANGED_EVENT = "grants:changed";

const grantsKey = (caller: Caller | undefined) => JSON.stringify(caller?.grants ?? null);

/** Re-reads the socket's user and grants; disconnects it (and answers false) when its session is gone. */
export async function refreshCaller(socket: Socket): Promise<boolean> {
  const caller = await liveCaller(socket);
  if (!caller) {
    socket.disconnect(true);
    return false;
  }
  const changed = grantsKey((socket.data as Partial<SocketData>).caller) !== grantsKey(caller);
  socket.data.caller = caller;
  if (changed) socket.emit(GRANTS_CHANGED_EVENT);
  return true;
}

/** Keeps socket.data.caller current, or disconnects the socket when its session is gone. */
function revalidateWhileConnected(socket: Socket, intervalMs: number): void {
  const timer = setInterval(() => void refreshCaller(socket), intervalMs);
  socket.on("disconnect", () => clearInterval(timer));
}

/** Re-checks this process's sockets of one user (its other processes' sockets are theirs to check). */
export function refreshUserSockets(io: Server, userId: string): void {
  for (const socket of io.sockets.sockets.values()) {
    if ((socket.data as SocketData).caller?.id === userId) void refreshCaller(socket);
  }
}

/** socket.io on the same HTTP server as Next; only signed-in users get a connection. */
export function attachSocketServer(httpServer: HttpServer, origin: string, revalidateMs = REVALIDATE_MS): Server {
  const io = new Server(httpServer, {
    path: "/socket.io",
    cors: { origin, credentials: true },
    // Browsers always send Origin on a WebSocket: another site's page must not ride the session cookie.
    allowRequest: (request, callback) => callback(null, !request.headers.origin || request.headers.origin === origin),
    // Keepalive so consoles and live views notice a dead link instead of freezing.
    pingInterval: 25_000,
    pingTimeout: 20_000,
  });
  // Sessions ended on purpose (disabled, ended by an admin or by the user) cut that user's sockets at once; changed grants apply at once.
  const unsubscribe = onSessionsEnded((userId) => refreshUserSockets(io, userId));
  httpServer.once("close", unsubscribe);
  io.use(async (socket, next) => {
    const caller = await liveCaller(socket);
    if (!caller) return next(new Error("unauthorized"));
    socket.data.caller = caller;
    revalidateWhileConnected(socket, revalidateMs);
    next();
  });
  return io;
}
