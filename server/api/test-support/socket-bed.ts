import http from "node:http";
import { Server } from "socket.io";
import { io as connectTo, type Socket as ClientSocket } from "socket.io-client";
import { afterAll, beforeAll } from "vitest";
import type { Caller } from "../init";

/** A grant on a host (null: a tag grant on every host), as a Caller carries it. */
export const grantOn = (roleName: string, hostId: string | null, scopeType: string, scopeValue: string) => ({
  roleName,
  hostId,
  scopeType,
  scopeValue,
});

/** A grant on the local host, as a Caller carries it. */
export const grant = (roleName: string, scopeType: string, scopeValue: string) => grantOn(roleName, "local", scopeType, scopeValue);

/** Who a realtime test connects as: the host's admin, a viewer of www1 only, and someone with no grant. */
export const SOCKET_CALLERS: Record<string, Caller> = {
  admin: { id: "a", username: "admin", name: "A", grants: [grant("admin", "host", "local")] },
  www: { id: "w", username: "www", name: "W", grants: [grant("viewer", "jail", "www1")] },
  nobody: { id: "n", username: "nobody", name: "N", grants: [] },
};

/** Whatever a registration returns to stop its timers and streams. */
type Stop = () => void;

/**
 * The socket.io server every realtime event test starts from, on a loopback port for the file's
 * (or the describe block's) lifetime. The session handshake is replaced by a stand-in: a client
 * names who it connects as (auth.as) and is that Caller. `register` adds the events under test;
 * it runs after the file's earlier beforeAll hooks (the agent), and everything closes before
 * their afterAll hooks.
 */
export function openSocketBed(callers: Record<string, Caller>, register: (io: Server) => Stop | Promise<Stop>) {
  let httpServer: http.Server;
  let stop: Stop | undefined;
  let url = "";
  const clients: ClientSocket[] = [];

  beforeAll(async () => {
    httpServer = http.createServer();
    const io = new Server(httpServer);
    io.use((socket, next) => {
      socket.data.caller = callers[String(socket.handshake.auth.as)];
      next();
    });
    stop = await register(io);
    await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(httpServer.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    stop?.();
    if (httpServer) await new Promise((resolve) => httpServer.close(resolve));
  });

  /** A browser stand-in connected as callers[as]; closed with the bed. */
  function connect(as: string): ClientSocket {
    const socket = connectTo(url, { auth: { as }, transports: ["websocket"] });
    clients.push(socket);
    return socket;
  }
  return { connect };
}
