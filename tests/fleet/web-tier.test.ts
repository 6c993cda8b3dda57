import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { LiveDataStatus } from "@/server/fleet/status";
import { freePort } from "../../scripts/lib/free-port";
import { redisInstalled, startRedis, type TestRedis } from "./redis-server";

// Two web processes sharing one redis-server, all started here on loopback ports and ended by PID.

const WEB_PROCESS = path.resolve(import.meta.dirname, "web-process.ts");
const LEASE_MS = 3000;

interface Web {
  child: ChildProcess;
  url: string;
  lines: string[];
}

const webs: Web[] = [];
const clients: Socket[] = [];
let redis: TestRedis;

async function until<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function startWeb(hostId: string): Promise<Web> {
  const port = await freePort();
  const env = { ...process.env, FLEETWEB_PORT: String(port), FLEETWEB_HOST_ID: hostId, FLEETWEB_LEASE_MS: String(LEASE_MS) };
  const child = spawn(process.execPath, ["--import", "tsx", WEB_PROCESS], {
    env: { ...env, STOCKADE_REDIS_URL: redis.url },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const web: Web = { child, url: `http://127.0.0.1:${port}`, lines: [] };
  child.stdout!.on("data", (chunk: Buffer) => web.lines.push(...chunk.toString().split("\n").filter(Boolean)));
  webs.push(web);
  await until(() => web.lines.includes("listening"), "a web process to listen");
  await until(async () => (await status(web)).mode === "shared", "the web process to reach Redis");
  return web;
}

async function status(web: Web): Promise<LiveDataStatus> {
  return (await (await fetch(web.url)).json()) as LiveDataStatus;
}

async function client(web: Web, room: string): Promise<{ socket: Socket; news: string[] }> {
  const socket = connect(web.url, { transports: ["websocket"], reconnection: false });
  clients.push(socket);
  const news: string[] = [];
  socket.on("news", (message: { text: string }) => news.push(message.text));
  await socket.emitWithAck("join", room);
  return { socket, news };
}

async function killHard(web: Web): Promise<void> {
  if (web.child.exitCode !== null || web.child.signalCode !== null) return;
  const exited = new Promise((resolve) => web.child.once("exit", resolve));
  process.kill(web.child.pid!, "SIGKILL");
  await exited;
}

const samplerRunning = (web: Web) => web.lines.filter((line) => line.startsWith("sampler ")).at(-1) === "sampler started";
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe.skipIf(!redisInstalled())("web tier over Redis (two web processes)", () => {
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterEach(async () => {
    for (const socket of clients.splice(0)) socket.disconnect();
    for (const web of webs.splice(0)) await killHard(web);
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it("delivers an event emitted through process A to a client connected to process B", async () => {
    const [a, b] = [await startWeb("emit"), await startWeb("emit")];
    const onA = await client(a, "jail:dev1");
    const onB = await client(b, "jail:dev1");
    const elsewhere = await client(b, "jail:other");
    await onA.socket.emitWithAck("shout", "jail:dev1", "started dev1");
    await until(() => onB.news.includes("started dev1"), "the event on B");
    await settle();
    expect(onA.news).toEqual(["started dev1"]);
    expect(onB.news).toEqual(["started dev1"]);
    expect(elsewhere.news).toEqual([]);
  });

  it("tells the other process when a user's sessions end, so it re-checks that user's sockets", async () => {
    const [a, b] = [await startWeb("sessions"), await startWeb("sessions")];
    const onA = await client(a, "room");
    await onA.socket.emitWithAck("end-sessions", "user-1");
    await until(() => b.lines.includes("refresh user-1"), "process B to re-check user-1's sockets");
    // A re-checks its own sockets directly (socket-server's listener), not through Redis.
    expect(a.lines).not.toContain("refresh user-1");
  });

  it("tells the other process when a user's grants change, so it re-reads that user's sockets' grants", async () => {
    const [a, b] = [await startWeb("grants"), await startWeb("grants")];
    const onA = await client(a, "room");
    await onA.socket.emitWithAck("grants-changed", "user-2");
    await until(() => b.lines.includes("refresh user-2"), "process B to re-read user-2's grants");
    expect(a.lines).not.toContain("refresh user-2");
  });

  it("runs the usage sampler in one process, and the other takes it over within the lease time when the holder dies", async () => {
    const [a, b] = [await startWeb("lease"), await startWeb("lease")];
    const holder = await until(() => [a, b].find(samplerRunning), "a sampler to start");
    await new Promise((resolve) => setTimeout(resolve, LEASE_MS));
    expect([a, b].filter(samplerRunning)).toEqual([holder]);
    const other = holder === a ? b : a;
    const killedAt = Date.now();
    await killHard(holder);
    await until(() => samplerRunning(other), "the other process to take the sampler over", 2 * LEASE_MS);
    // The lease lapses LEASE_MS after the last renewal; the other tries every third of that.
    expect(Date.now() - killedAt).toBeLessThanOrEqual(LEASE_MS + LEASE_MS / 3 + 500);
  });

  it("gives the lease back on a clean stop, so the other process samples without waiting for it to lapse", async () => {
    const [a, b] = [await startWeb("handover"), await startWeb("handover")];
    const holder = await until(() => [a, b].find(samplerRunning), "a sampler to start");
    const other = holder === a ? b : a;
    const exited = new Promise((resolve) => holder.child.once("exit", resolve));
    const stoppedAt = Date.now();
    process.kill(holder.child.pid!, "SIGTERM");
    await exited;
    expect(holder.lines.at(-1)).toBe("sampler stopped");
    await until(() => samplerRunning(other), "the other process to take the sampler over", LEASE_MS);
    expect(Date.now() - stoppedAt).toBeLessThan(LEASE_MS);
  });

  it("with Redis killed, each process keeps serving its own clients and says live data is degraded; it recovers", async () => {
    const [a, b] = [await startWeb("outage"), await startWeb("outage")];
    const onA = await client(a, "room");
    const onB = await client(b, "room");
    await redis.kill();
    for (const web of [a, b]) await until(async () => (await status(web)).mode === "degraded", "degraded status");
    expect((await status(a)).message).toMatch(/live data from other web processes is degraded/);
    await onA.socket.emitWithAck("shout", "room", "from A");
    await onB.socket.emitWithAck("shout", "room", "from B");
    await until(() => onA.news.includes("from A") && onB.news.includes("from B"), "each process's own clients");
    await settle();
    expect(onA.news).toEqual(["from A"]);
    expect(onB.news).toEqual(["from B"]);
    expect(a.lines.concat(b.lines).some((line) => line.includes("Live data: Redis is unreachable"))).toBe(true);
    // A holder that cannot renew stops sampling before its lease could have passed to another process.
    await until(() => ![a, b].some(samplerRunning), "the sampler to stop without a lease", LEASE_MS);

    await redis.restart();
    for (const web of [a, b]) await until(async () => (await status(web)).mode === "shared", "shared status again");
    await until(async () => {
      await onA.socket.emitWithAck("shout", "room", "after");
      return onB.news.includes("after");
    }, "cross-process delivery after Redis came back");
    await until(() => [a, b].filter(samplerRunning).length === 1, "one sampler again", 2 * LEASE_MS);
    expect([a.child.exitCode, b.child.exitCode]).toEqual([null, null]);
  });
});
