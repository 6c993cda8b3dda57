import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import { viewerFromHeaders } from "@/server/api/context";
import type { Viewer } from "@/server/api/init";

export interface SocketData {
  viewer: Viewer;
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

/** socket.io on the same HTTP server as Next; only signed-in users get a connection. */
export function attachSocketServer(httpServer: HttpServer, origin: string): Server {
  const io = new Server(httpServer, {
    path: "/socket.io",
    cors: { origin, credentials: true },
    // Keepalive so consoles and live views notice a dead link instead of freezing.
    pingInterval: 25_000,
    pingTimeout: 20_000,
  });
  io.use(async (socket, next) => {
    const viewer = await viewerFromHeaders(headersOf(socket)).catch(() => null);
    if (!viewer) return next(new Error("unauthorized"));
    socket.data.viewer = viewer;
    next();
  });
  return io;
}
