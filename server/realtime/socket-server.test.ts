import http from "node:http";
import type { Server } from "socket.io";
import { io as connect, type Socket as ClientSocket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRouterBed } from "@/server/api/test-support/router-bed";

const { db } = await openRouterBed();
const { auth } = await import("@/server/auth/auth");
const { createUser } = await import("@/server/auth/users");
const { attachSocketServer } = await import("./socket-server");

const ORIGIN = "http://stockade.test";
let httpServer: http.Server;
let io: Server;
let url: string;
let cookie: string;
let userId: string;
const clients: ClientSocket[] = [];

beforeAll(async () => {
  const user = await createUser({ username: "sockets", role: "viewer", password: "a password of their own" });
  userId = user.id;
  cookie = await signIn("sockets", user.password);
  httpServer = http.createServer();
  io = attachSocketServer(httpServer, ORIGIN, 200);
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(httpServer.address() as { port: number }).port}`;
});
afterAll(async () => {
  for (const client of clients) client.close();
  await io.close();
});

async function signIn(username: string, password: string): Promise<string> {
  const { headers } = await auth().api.signInUsername({ body: { username, password }, returnHeaders: true });
  return headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
}

/** Resolves "connected" or the refusal's message. */
function tryConnect(headers: Record<string, string>): Promise<{ outcome: string; socket: ClientSocket }> {
  const socket = connect(url, { transports: ["websocket"], extraHeaders: headers, reconnection: false });
  clients.push(socket);
  return new Promise((resolve) => {
    socket.once("connect", () => resolve({ outcome: "connected", socket }));
    socket.once("connect_error", (error) => resolve({ outcome: error.message, socket }));
  });
}

describe("socket.io handshake", () => {
  it("refuses a connection without a session", async () => {
    expect((await tryConnect({})).outcome).toBe("unauthorized");
  });

  it("accepts a signed-in user from the dashboard's own origin", async () => {
    expect((await tryConnect({ cookie, origin: ORIGIN })).outcome).toBe("connected");
  });

  it("refuses a session opened with a one-time password until it is replaced", async () => {
    const oneTime = await createUser({ username: "socketsotp", role: "viewer" });
    const otpCookie = await signIn("socketsotp", oneTime.password);
    expect((await tryConnect({ cookie: otpCookie, origin: ORIGIN })).outcome).toBe("unauthorized");
  });

  it("refuses a browser page from another origin carrying the session cookie", async () => {
    expect((await tryConnect({ cookie, origin: "http://evil.test" })).outcome).not.toBe("connected");
  });

  it("disconnects a connected user whose sessions have ended", async () => {
    const { socket } = await tryConnect({ cookie, origin: ORIGIN });
    const disconnected = new Promise((resolve) => socket.once("disconnect", resolve));
    await db().session.deleteMany({ where: { userId } });
    await expect(
      Promise.race([disconnected, new Promise((_, reject) => setTimeout(() => reject(new Error("still connected")), 2000))]),
    ).resolves.toBe("io server disconnect");
  });
});
