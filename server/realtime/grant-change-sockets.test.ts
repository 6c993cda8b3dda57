import http from "node:http";
import type { Server } from "socket.io";
import type { Socket as ClientSocket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProcessSnapshot } from "@/server/agent/protocol";
import { sessionCookie, socketWithCookie } from "@/server/api/test-support/cookie-socket";

const { openFreshDatabase } = await import("@/server/api/test-support/database");
const database = await openFreshDatabase();
const { auth } = await import("@/server/auth/auth");
const { createUser } = await import("@/server/auth/users");
const { db } = await import("@/server/db/prisma");
const { makeCaller, contextFor } = await import("@/server/api/test-support/callers");
const { createCaller } = await import("@/server/api/root");
const { agentConnection } = await import("@/server/agent-client/connection");
const { recordedAgentHooks } = await import("@/server/api/test-support/recorded-agent");
const { attachSocketServer, GRANTS_CHANGED_EVENT, REVALIDATE_MS } = await import("./socket-server");
const { registerLiveEvents } = await import("./live-events");

const ORIGIN = "http://stockade.test";
const agentSocket = recordedAgentHooks();
let httpServer: http.Server;
let io: Server;
let stopFeeds: () => void;
let url: string;
const clients: ClientSocket[] = [];

beforeAll(async () => {
  httpServer = http.createServer();
  // The periodic check stays at its production interval (15 s): what is shown here is the immediate refresh.
  io = attachSocketServer(httpServer, ORIGIN);
  const feeds = registerLiveEvents(io, agentConnection(agentSocket()), 200);
  stopFeeds = () => feeds.stop();
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(httpServer.address() as { port: number }).port}`;
});
afterAll(async () => {
  for (const client of clients) client.close();
  stopFeeds();
  await io.close();
  database.cleanup();
});

/** A signed-in user whose only grant is viewer of `jail` (none without one), and their socket. */
async function connectedUser(username: string, jail: string | null): Promise<ClientSocket> {
  const user = await createUser({ username, role: "viewer", password: "a password of their own" });
  await db().grant.deleteMany({ where: { userId: user.id } });
  if (jail)
    await db().grant.create({ data: { userId: user.id, roleName: "viewer", hostId: "local", scopeType: "jail", scopeValue: jail } });
  const { headers } = await auth().api.signInUsername({ body: { username, password: user.password }, returnHeaders: true });
  const socket = await socketWithCookie(url, ORIGIN, sessionCookie(headers));
  clients.push(socket);
  return socket;
}

const jailsOf = (snapshot: ProcessSnapshot) => new Set(snapshot.processes.map((process) => process.jail));

/** The next full snapshot the socket receives, or a rejection after `within` ms. */
function nextFull(socket: ClientSocket, within: number): Promise<ProcessSnapshot> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no full snapshot within ${within} ms`)), within);
    socket.once("processes:full", (full: { snapshot: ProcessSnapshot }) => {
      clearTimeout(timer);
      resolve(full.snapshot);
    });
  });
}

const admin = makeCaller("grantadmin", [{ role: "admin", scopeType: "host", scopeValue: "local" }]);
const team = async () => createCaller(contextFor(await admin));

describe("a grant change reaches open sockets at once", () => {
  it("a removed grant ends that jail's process feed within 2 s (the periodic check is 15 s)", async () => {
    expect(REVALIDATE_MS).toBeGreaterThan(2000);
    const socket = await connectedUser("losesjail", "www1");
    const first = nextFull(socket, 2000);
    expect(await socket.emitWithAck("processes:watch", {})).toMatchObject({ ok: true });
    expect(jailsOf(await first)).toEqual(new Set(["www1"]));
    const grant = (await db().grant.findFirst({ where: { user: { username: "losesjail" } } }))!;
    const started = Date.now();
    const after = nextFull(socket, 2000);
    await (await team()).grants.remove({ id: grant.id });
    expect((await after).processes).toEqual([]);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("an added grant tells the socket, and the watch refused before it is allowed", async () => {
    const socket = await connectedUser("gainsjail", null);
    expect(await socket.emitWithAck("processes:watch", {})).toMatchObject({ ok: false, code: "FORBIDDEN" });
    const told = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("not told of the new grant within 2 s")), 2000);
      socket.once(GRANTS_CHANGED_EVENT, () => resolve(clearTimeout(timer)));
    });
    await (await team()).grants.add({ username: "gainsjail", role: "viewer", scopeType: "jail", scopeValue: "db1" });
    await told;
    const full = nextFull(socket, 2000);
    expect(await socket.emitWithAck("processes:watch", {})).toMatchObject({ ok: true });
    expect(jailsOf(await full)).toEqual(new Set(["db1"]));
  });
});
