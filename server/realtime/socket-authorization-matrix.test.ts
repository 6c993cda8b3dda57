import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { Server, Socket } from "socket.io";
import { io as connect, type Socket as ClientSocket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRecordedAgent, type RecordedAgent } from "@/server/api/test-support/recorded-agent";
import {
  outcomeOfReply,
  registeredEvents,
  socketAuthorizationMismatches,
  type RegisteredEvent,
  type Reply,
  type SocketMatrixCaller,
} from "@/server/api/test-support/socket-matrix";

const { openFreshDatabase } = await import("@/server/api/test-support/database");
const database = await openFreshDatabase();
const { auth } = await import("@/server/auth/auth");
const { createUser } = await import("@/server/auth/users");
const { generateApiToken } = await import("@/server/auth/api-tokens");
const { db } = await import("@/server/db/prisma");
const { agentConnection } = await import("@/server/agent-client/connection");
const { attachSocketServer, refreshCaller } = await import("./socket-server");
const { registerJailEvents } = await import("./jail-events");
const { registerLiveEvents } = await import("./live-events");
const { registerConsoleEvents } = await import("./console/console-events");

const ORIGIN = "http://stockade.test";
const recordings = fs.mkdtempSync(path.join(os.tmpdir(), "stk-matrix-recordings-"));
let agent: RecordedAgent;
let httpServer: http.Server;
let io: Server;
let url: string;
let events: RegisteredEvent[] = [];
let callers: SocketMatrixCaller[];
const clients: ClientSocket[] = [];
const stops: (() => void)[] = [];

/** A user who chose their own password (one-time-password sessions get no socket), holding only this grant. */
async function signedIn(username: string, roleName: string, scopeType: string, scopeValue: string): Promise<string> {
  const user = await createUser({ username, role: "viewer", password: "a password of their own" });
  await db().grant.deleteMany({ where: { userId: user.id } });
  await db().grant.create({ data: { userId: user.id, roleName, hostId: "local", scopeType, scopeValue } });
  const { headers } = await auth().api.signInUsername({ body: { username, password: user.password }, returnHeaders: true });
  return headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
}

/** A client with these headers; its emit answers "unauthorized" when the handshake refused it. */
async function emitterFor(headers: Record<string, string>): Promise<SocketMatrixCaller["emit"]> {
  const socket = connect(url, { transports: ["websocket"], extraHeaders: { origin: ORIGIN, ...headers }, reconnection: false });
  clients.push(socket);
  const connected = await new Promise<boolean>((resolve) => {
    socket.once("connect", () => resolve(true));
    socket.once("connect_error", () => resolve(false));
  });
  return async (event, payload) => {
    if (!connected) return "unauthorized";
    return outcomeOfReply((await socket.timeout(10_000).emitWithAck(event, payload)) as Reply);
  };
}

beforeAll(async () => {
  agent = await startRecordedAgent();
  httpServer = http.createServer();
  io = attachSocketServer(httpServer, ORIGIN);
  const conn = agentConnection(agent.socketPath);
  const feed = registerLiveEvents(io, conn);
  const jailEvents = registerJailEvents(io, conn);
  stops.push(
    () => feed.stop(),
    () => jailEvents.stop(),
  );
  const consoles = registerConsoleEvents(io, conn, {
    recordingsDir: recordings,
    maxRecordingBytes: 1 << 20,
    audit: () => undefined,
    refresh: refreshCaller,
  });
  stops.push(() => consoles.close());
  // Registered last: by the time it runs, every module above has added its listeners to the socket.
  io.on("connection", (socket: Socket) => (events = registeredEvents(socket)));
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(httpServer.address() as { port: number }).port}`;

  const admin = await signedIn("s-admin", "admin", "host", "local");
  const operator = await signedIn("s-operator", "operator", "jail", "www1");
  const viewer = await signedIn("s-viewer", "viewer", "jail", "www1");
  const { token, hash, prefix } = generateApiToken();
  const owner = await db().user.findFirstOrThrow({ where: { username: "s-admin" } });
  await db().apiToken.create({
    data: { name: "matrix", hash, prefix, userId: owner.id, roleName: "operator", hostId: "local", scopeType: "jail", scopeValue: "www1" },
  });
  callers = [
    { label: "admin", role: "admin", scope: "host", emit: await emitterFor({ cookie: admin }) },
    { label: "operator of www1", role: "operator", scope: "jail", emit: await emitterFor({ cookie: operator }) },
    { label: "viewer of www1", role: "viewer", scope: "jail", emit: await emitterFor({ cookie: viewer }) },
    // API tokens are for the tRPC HTTP endpoint and the CLI; a socket never accepts one.
    { label: "operator token for www1", role: null, scope: "jail", emit: await emitterFor({ authorization: `Bearer ${token}` }) },
    { label: "nobody", role: null, scope: "jail", emit: await emitterFor({}) },
  ];
}, 60_000);
afterAll(async () => {
  for (const client of clients) client.close();
  for (const stop of stops) stop();
  await io?.close();
  await agent?.close();
  fs.rmSync(recordings, { recursive: true, force: true });
  database.cleanup();
});

describe("the authorization matrix for socket.io events", () => {
  it("every event a socket listens to, for admin / operator / viewer / token / nobody, in and out of scope, matches design.md's roles table", async () => {
    expect(events.map((event) => event.name)).toEqual(expect.arrayContaining(["console:input", "jail:follow", "processes:watch"]));
    expect(events.length).toBeGreaterThan(12);
    expect(await socketAuthorizationMismatches(events, callers, { inScope: "www1", outOfScope: "db1" })).toEqual([]);
  }, 120_000);

  it("fails for an event registered without a declared permission (the test of the test)", async () => {
    const bare = { name: "sneaky", listeners: [() => "no check"] };
    expect(await socketAuthorizationMismatches([bare], callers, { inScope: "www1", outOfScope: "db1" })).toEqual([
      "sneaky: declares no permission",
    ]);
  });

  it("fails when a declared event's listener sits beside an undeclared one on the same name", async () => {
    const consoleInput = events.find((event) => event.name === "console:input")!;
    const doubled = { name: "console:input", listeners: [...consoleInput.listeners, () => "no check"] };
    expect(await socketAuthorizationMismatches([doubled], callers, { inScope: "www1", outOfScope: "db1" })).toEqual([
      "console:input: declares no permission",
    ]);
  });
});
