import http from "node:http";
import type { Server } from "socket.io";
import type { Socket as ClientSocket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionCookie, socketWithCookie } from "@/server/api/test-support/cookie-socket";

const { openFreshDatabase } = await import("@/server/api/test-support/database");
const database = await openFreshDatabase();
const { auth } = await import("@/server/auth/auth");
const { createUser } = await import("@/server/auth/users");
const { makeCaller, contextFor } = await import("@/server/api/test-support/callers");
const { createCaller } = await import("@/server/api/root");
const { callerFromHeaders } = await import("@/server/api/context");
const { attachSocketServer, REVALIDATE_MS } = await import("./socket-server");

const ORIGIN = "http://stockade.test";
let httpServer: http.Server;
let io: Server;
let url: string;
const clients: ClientSocket[] = [];

beforeAll(async () => {
  httpServer = http.createServer();
  // The periodic check stays at its production interval: what is shown here is the immediate cut.
  io = attachSocketServer(httpServer, ORIGIN);
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(httpServer.address() as { port: number }).port}`;
});
afterAll(async () => {
  for (const client of clients) client.close();
  await io.close();
  database.cleanup();
});

async function signIn(username: string): Promise<string> {
  const user = await createUser({ username, role: "operator", password: "a password of their own" });
  const { headers } = await auth().api.signInUsername({ body: { username, password: user.password }, returnHeaders: true });
  return sessionCookie(headers);
}

async function connected(cookie: string): Promise<ClientSocket> {
  const socket = await socketWithCookie(url, ORIGIN, cookie);
  clients.push(socket);
  return socket;
}

/** Milliseconds until the server disconnects the socket, or a rejection after `within`. */
function disconnectedWithin(socket: ClientSocket, within: number): Promise<number> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still connected after ${within} ms`)), within);
    socket.once("disconnect", (reason) => {
      clearTimeout(timer);
      if (reason === "io server disconnect") resolve(Date.now() - start);
      else reject(new Error(`disconnected by ${reason}`));
    });
  });
}

describe("ending sessions cuts live sockets", () => {
  it("disabling a user disconnects every socket of theirs within 2 s (the periodic check is 15 s)", async () => {
    expect(REVALIDATE_MS).toBeGreaterThan(2000);
    const admin = await makeCaller("cutadmin", [{ role: "admin", scopeType: "host", scopeValue: "local" }]);
    const cookie = await signIn("cutme");
    const [first, second] = [await connected(cookie), await connected(cookie)];
    const bystander = await connected(await signIn("bystander"));
    const cuts = [disconnectedWithin(first, 2000), disconnectedWithin(second, 2000)];
    await createCaller(contextFor(admin)).team.setDisabled({ username: "cutme", disabled: true });
    for (const ms of await Promise.all(cuts)) expect(ms).toBeLessThan(2000);
    expect(bystander.connected).toBe(true);
  });

  it("a user ending one of their own sessions cuts that session's sockets and keeps the other's", async () => {
    const phone = await signIn("twodevices");
    const { headers } = await auth().api.signInUsername({
      body: { username: "twodevices", password: "a password of their own" },
      returnHeaders: true,
    });
    const laptop = headers
      .getSetCookie()
      .map((line) => line.split(";")[0])
      .join("; ");
    const [phoneSocket, laptopSocket] = [await connected(phone), await connected(laptop)];
    const me = createCaller(contextFor(await callerFromHeaders(new Headers({ cookie: laptop }))));
    const phoneSession = (await me.session.sessions()).find((session) => !session.current)!;
    const cut = disconnectedWithin(phoneSocket, 2000);
    await me.session.endSession({ id: phoneSession.id });
    expect(await cut).toBeLessThan(2000);
    expect(laptopSocket.connected).toBe(true);
  });
});
