import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { Server } from "socket.io";
import { io as connect, type Socket as ClientSocket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProcessSnapshot } from "@/server/agent/protocol";
import type { Viewer } from "@/server/api/init";
import { agentConnection } from "@/server/agent-client/connection";
import { startAgent, type RunningAgent } from "@/server/agent/agent";
import { registerLiveEvents } from "./live-events";
import type { LiveProcessFeed } from "./live-processes";

// A recorded FreeBSD host (jails www1, db1, dev1) behind a real agent socket.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stockade-live-"));
const socketPath = path.join(dir, "agent.sock");
const viewers: Record<string, Viewer> = {
  admin: { id: "a", username: "admin", name: "A", grants: [{ roleName: "admin", hostId: "local", scopeType: "host", scopeValue: "local" }] },
  www: { id: "w", username: "www", name: "W", grants: [{ roleName: "viewer", hostId: "local", scopeType: "jail", scopeValue: "www1" }] },
  nobody: { id: "n", username: "nobody", name: "N", grants: [] },
};

let agent: RunningAgent;
let httpServer: http.Server;
let feed: LiveProcessFeed;
let url: string;
const clients: ClientSocket[] = [];

beforeAll(async () => {
  const config = {
    socketPath,
    stateDir: path.join(dir, "state"),
    lxcPath: path.join(dir, "lxc"),
    bridge: "stklive0",
    pool: "10.250.0.0/24",
    templateDir: path.join(dir, "templates"),
    socketGroup: null,
    driver: "freebsd" as const,
    freebsdRecordedDir: null,
    logLevel: "silent" as const,
  };
  agent = await startAgent({ config, log: pino({ level: "silent" }) });
  httpServer = http.createServer();
  const io = new Server(httpServer);
  // Stands in for the session handshake: the test names who connects.
  io.use((socket, next) => {
    socket.data.viewer = viewers[String(socket.handshake.auth.as)];
    next();
  });
  feed = registerLiveEvents(io, agentConnection(socketPath), 200);
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(httpServer.address() as { port: number }).port}`;
});

afterAll(async () => {
  for (const client of clients) client.close();
  feed?.stop();
  await new Promise((resolve) => httpServer.close(resolve));
  await agent.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function client(as: string): ClientSocket {
  const socket = connect(url, { auth: { as }, transports: ["websocket"] });
  clients.push(socket);
  return socket;
}

function watchAs(as: string): Promise<ProcessSnapshot> {
  const socket = client(as);
  return new Promise((resolve, reject) => {
    socket.once("processes:full", (full: { snapshot: ProcessSnapshot }) => resolve(full.snapshot));
    socket.emit("processes:watch", {}, (reply: { ok: boolean; message?: string }) => !reply.ok && reject(new Error(reply.message)));
  });
}

describe("live process events", () => {
  it("sends an admin the whole host, host processes included", async () => {
    const snapshot = await watchAs("admin");
    const jails = new Set(snapshot.processes.map((process) => process.jail));
    expect(jails).toEqual(new Set([null, "www1", "db1", "dev1"]));
  });

  it("sends a viewer of one jail only that jail's processes", async () => {
    const snapshot = await watchAs("www");
    expect(snapshot.processes.length).toBeGreaterThan(0);
    expect(new Set(snapshot.processes.map((process) => process.jail))).toEqual(new Set(["www1"]));
  });

  it("refuses a user with no grant, through the event's declared permission", async () => {
    await expect(watchAs("nobody")).rejects.toThrow(/permission/);
  });

  it("refuses a malformed payload", async () => {
    const reply = await client("admin").emitWithAck("processes:watch", { extra: true });
    expect(reply).toMatchObject({ ok: false, code: "BAD_REQUEST" });
  });

  it("keeps sending deltas in sequence once a second tick has passed", async () => {
    const socket = client("admin");
    const seqs: number[] = [];
    socket.on("processes:delta", (delta: { seq: number }) => seqs.push(delta.seq));
    socket.emit("processes:watch", {});
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect(seqs.length).toBeGreaterThanOrEqual(2);
    expect(seqs).toEqual(seqs.map((_, index) => seqs[0]! + index));
  });
});
