import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { Server } from "socket.io";
import type { Socket as ClientSocket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionCookie, socketWithCookie } from "@/server/api/test-support/cookie-socket";
import { startShellAgent, type ShellAgent } from "@/server/api/test-support/shell-agent";
import { ConsoleConnection, type ConsoleStatus } from "./console-connection";

// The browser's console client against a real socket.io server with real sessions, grants read
// from the database and a real shell agent: a console refused for want of a grant opens by itself
// once grants.add gives it one (the server's grants:changed), not only after the user asks again.

const { openFreshDatabase } = await import("@/server/api/test-support/database");
const database = await openFreshDatabase();
const { auth } = await import("@/server/auth/auth");
const { createUser } = await import("@/server/auth/users");
const { makeCaller, contextFor } = await import("@/server/api/test-support/callers");
const { createCaller } = await import("@/server/api/root");
const { attachSocketServer, refreshCaller } = await import("@/server/realtime/socket-server");
const { registerConsoleEvents } = await import("@/server/realtime/console/console-events");

// The tab's remembered session lives in sessionStorage, which Node does not have.
const tabStorage = new Map<string, string>();
globalThis.sessionStorage = {
  getItem: (key: string) => tabStorage.get(key) ?? null,
  setItem: (key: string, value: string) => void tabStorage.set(key, value),
  removeItem: (key: string) => void tabStorage.delete(key),
} as Storage;

const ORIGIN = "http://stockade.test";
const recordings = fs.mkdtempSync(path.join(os.tmpdir(), "stk-console-retry-"));
let agent: ShellAgent;
let httpServer: http.Server;
let io: Server;
let closeRelay: () => void;
let url: string;
const clients: ClientSocket[] = [];

beforeAll(async () => {
  agent = await startShellAgent();
  httpServer = http.createServer();
  io = attachSocketServer(httpServer, ORIGIN);
  const relay = registerConsoleEvents(io, agent.conn, {
    recordingsDir: recordings,
    maxRecordingBytes: 1 << 20,
    audit: () => undefined,
    refresh: refreshCaller,
  });
  closeRelay = () => relay.close();
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(httpServer.address() as { port: number }).port}`;
});
afterAll(async () => {
  for (const client of clients) client.close();
  closeRelay?.();
  await io?.close();
  await agent?.close();
  fs.rmSync(recordings, { recursive: true, force: true });
  database.cleanup();
});

/** A signed-in user with no grant at all, and their socket. */
async function signedInWithoutGrants(username: string): Promise<ClientSocket> {
  const user = await createUser({ username, role: "viewer", password: "a password of their own" });
  const { db } = await import("@/server/db/prisma");
  await db().grant.deleteMany({ where: { userId: user.id } });
  const { headers } = await auth().api.signInUsername({ body: { username, password: user.password }, returnHeaders: true });
  const socket = await socketWithCookie(url, ORIGIN, sessionCookie(headers));
  clients.push(socket);
  return socket;
}

/** A terminal's view of the connection: every status it was given, and the text written into it. */
function terminal(socket: ClientSocket, jail: string) {
  const statuses: ConsoleStatus[] = [];
  let text = "";
  const connection = new ConsoleConnection(socket, "local", jail, {
    write: (data, done) => {
      text += new TextDecoder().decode(data);
      done();
    },
    reset: () => (text = ""),
    status: (status) => statuses.push(status),
    viewers: () => undefined,
    notice: () => undefined,
  });
  return { connection, statuses, text: () => text, last: () => statuses.at(-1) };
}

async function until(check: () => boolean, what: string, within = 5000): Promise<void> {
  const deadline = Date.now() + within;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const admin = makeCaller("retryadmin", [{ role: "admin", scopeType: "host", scopeValue: "local" }]);
const team = async () => createCaller(contextFor(await admin));
const grantConsole = async (username: string, role: "operator" | "viewer", jail: string) =>
  (await team()).grants.add({ username, role, scopeType: "jail", scopeValue: jail });

describe("a console refused before a grant", () => {
  it("is asked again at each grant change, and opens once the grant allows it: a live shell", async () => {
    const tab = terminal(await signedInWithoutGrants("retrier"), "www1");
    await tab.connection.open(80, 24);
    expect(tab.last()).toMatchObject({ state: "failed", message: expect.stringMatching(/permission.*opens by itself/) });

    // A grant that does not allow a shell (viewer) is a change: asked again, refused again.
    const before = tab.statuses.length;
    await grantConsole("retrier", "viewer", "www1");
    await until(() => tab.statuses.length >= before + 2 && tab.last()?.state === "failed", "the second refusal");
    expect(tab.statuses.slice(before).map((status) => status.state)).toEqual(["connecting", "failed"]);

    await grantConsole("retrier", "operator", "www1");
    await until(() => tab.last()?.state === "connected", "the console opening after the operator grant");
    tab.connection.input("echo retried-$((40+2))\n");
    await until(() => tab.text().includes("retried-42"), "the shell answering");
    tab.connection.dispose();
  });

  it("a console that opened is not opened again by a later grant change, and a closed one not at all", async () => {
    const socket = await signedInWithoutGrants("opened");
    const heard = new Promise((resolve) => socket.once("grants:changed", resolve));
    await grantConsole("opened", "operator", "db1");
    await heard;
    const tab = terminal(socket, "db1");
    await tab.connection.open(80, 24);
    expect(tab.last()).toMatchObject({ state: "connected" });
    const refused = terminal(socket, "www1");
    await refused.connection.open(80, 24);
    expect(refused.last()).toMatchObject({ state: "failed" });
    refused.connection.dispose();
    const [openCount, refusedCount] = [tab.statuses.length, refused.statuses.length];
    await grantConsole("opened", "operator", "www1");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(tab.statuses).toHaveLength(openCount);
    expect(refused.statuses).toHaveLength(refusedCount);
    tab.connection.dispose();
  });
});
