import net from "node:net";
import type { Socket as ClientSocket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProcessSnapshot } from "@/server/agent/protocol";
import { openFreshDatabase } from "@/server/api/test-support/database";
import { startRecordedAgent, type RecordedAgent } from "@/server/api/test-support/recorded-agent";
import { grantOn, openSocketBed } from "@/server/api/test-support/socket-bed";
import type { Caller } from "@/server/api/init";

// This machine's recorded agent on its Unix socket and a remote one over mutual TLS on loopback
// whose recording differs (REMOTE_MARKS), behind one socket.io server; clients name the host.

const database = await openFreshDatabase();
const { db } = await import("@/server/db/prisma");
const { agentConnection } = await import("@/server/agent-client/connection");
const { hostPlaces, localPlace } = await import("@/server/api/host-place");
const { webConfig } = await import("@/server/config");
const { ensureFleetIdentity, fleetDir } = await import("@/server/fleet/store");
const { REMOTE_MARKS, startRemoteHost } = await import("@/server/fleet/test-support/remote-host");
const { registerLiveEvents } = await import("@/server/realtime/live-events");
const { FEED_CALL_TIMEOUT_MS } = await import("@/server/realtime/live-processes");
const { registerJailEvents } = await import("@/server/realtime/jail-events");

const B = "livefeed-b";
const GONE = "livefeed-gone";
const SILENT = "livefeed-silent";
const CALLERS: Record<string, Caller> = {
  localAdmin: { id: "la", username: "la", name: "LA", grants: [grantOn("admin", "local", "host", "local")] },
  fleetAdmin: {
    id: "fa",
    username: "fa",
    name: "FA",
    grants: [
      grantOn("admin", "local", "host", "local"),
      grantOn("admin", B, "host", B),
      grantOn("admin", GONE, "host", GONE),
      grantOn("admin", SILENT, "host", SILENT),
    ],
  },
  bWww: { id: "bw", username: "bw", name: "BW", grants: [grantOn("viewer", B, "jail", "www1")] },
  webEverywhere: { id: "we", username: "we", name: "WE", grants: [grantOn("viewer", null, "tag", "web")] },
};

let local: RecordedAgent;
let remote: Awaited<ReturnType<typeof startRemoteHost>>;
let feeds: ReturnType<typeof registerLiveEvents>;
let jailEvents: ReturnType<typeof registerJailEvents>;

beforeAll(async () => {
  local = await startRecordedAgent();
  remote = await startRemoteHost(db(), B);
  // Recorded, but nothing answers there: the port of a listener closed again.
  await db().host.create({ data: { id: GONE, name: GONE, driver: "freebsd", address: "127.0.0.1:1", fingerprint: "AA:BB" } });
}, 60_000);

const { connect } = openSocketBed(CALLERS, (io) => {
  const agent = agentConnection(local.socketPath);
  const remoteHosts = hostPlaces(db(), localPlace(agent), () => ensureFleetIdentity(fleetDir(webConfig().dataDir)));
  feeds = registerLiveEvents(io, agent, 200, remoteHosts);
  jailEvents = registerJailEvents(io, agent, remoteHosts);
  return () => {
    feeds.stop();
    jailEvents.stop();
  };
});

afterAll(async () => {
  await remote?.close();
  await local?.close();
  database.cleanup();
});

type Reply = { ok: boolean; code?: string; message?: string };
interface Full {
  host: string;
  seq: number;
  snapshot: ProcessSnapshot;
}

/** The first full snapshot of `host` this socket gets after asking to watch it. */
function watch(socket: ClientSocket, host?: string): Promise<Full> {
  return new Promise((resolve, reject) => {
    const onFull = (full: Full) => {
      if (full.host !== (host ?? "local")) return;
      socket.off("processes:full", onFull);
      resolve(full);
    };
    socket.on("processes:full", onFull);
    socket.emit(
      "processes:watch",
      host ? { host } : {},
      (reply: Reply) => !reply.ok && reject(new Error(`${reply.code}: ${reply.message}`)),
    );
  });
}

const commands = (snapshot: ProcessSnapshot) => snapshot.processes.map((process) => process.command);
const argumentsOf = (snapshot: ProcessSnapshot) => snapshot.processes.map((process) => process.args);
const until = async (probe: () => boolean, what: string) => {
  for (const deadline = Date.now() + 5_000; !probe(); await new Promise((resolve) => setTimeout(resolve, 50))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
};

describe("[integration] live process feeds per host (local Unix-socket agent and a remote mTLS agent)", () => {
  it("one socket watching both hosts gets each host's own processes", async () => {
    const socket = connect("fleetAdmin");
    const [mine, theirs] = await Promise.all([watch(socket), watch(socket, B)]);
    expect(commands(theirs.snapshot)).toContain(REMOTE_MARKS.hostCommand);
    expect(commands(mine.snapshot)).not.toContain(REMOTE_MARKS.hostCommand);
    expect(commands(mine.snapshot)).toContain("cron");
    expect(argumentsOf(theirs.snapshot)).toContain(REMOTE_MARKS.www1Arguments);
    expect(argumentsOf(mine.snapshot)).not.toContain(REMOTE_MARKS.www1Arguments);
    const deltas: string[] = [];
    socket.on("processes:delta", (delta: { host: string }) => deltas.push(delta.host));
    await until(() => deltas.includes("local") && deltas.includes(B), "deltas from both hosts");
    socket.disconnect();
  });

  it("scopes a feed to the caller's grants on that host", async () => {
    const socket = connect("bWww");
    const theirs = await watch(socket, B);
    expect(new Set(theirs.snapshot.processes.map((process) => process.jail))).toEqual(new Set(["www1"]));
    expect(argumentsOf(theirs.snapshot)).toContain(REMOTE_MARKS.www1Arguments);
    socket.disconnect();
    await expect(watch(connect("bWww"))).rejects.toThrow(/FORBIDDEN/);
    await expect(watch(connect("localAdmin"), B)).rejects.toThrow(/FORBIDDEN/);
  });

  it("a tag grant on every host (null hostId) reaches the tagged jail on both hosts", async () => {
    const socket = connect("webEverywhere");
    const [mine, theirs] = await Promise.all([watch(socket), watch(socket, B)]);
    for (const { snapshot } of [mine, theirs])
      expect(new Set(snapshot.processes.map((process) => process.jail))).toEqual(new Set(["www1"]));
    expect(argumentsOf(theirs.snapshot)).toContain(REMOTE_MARKS.www1Arguments);
    expect(argumentsOf(mine.snapshot)).not.toContain(REMOTE_MARKS.www1Arguments);
    socket.disconnect();
  });

  it("refuses a malformed host and a host that is not recorded", async () => {
    await expect(watch(connect("fleetAdmin"), "no such host!")).rejects.toThrow(/BAD_REQUEST/);
    await expect(watch(connect("fleetAdmin"), "livefeed-none")).rejects.toThrow(/NOT_FOUND/);
  });

  it("keeps one reader per host, shared by its watchers, and drops it when the last leaves", async () => {
    await until(() => !feeds.hosts().includes(B), "the earlier tests' watchers to be gone");
    const [first, second] = [connect("fleetAdmin"), connect("bWww")];
    await Promise.all([watch(first, B), watch(second, B)]);
    expect(feeds.hosts().filter((host) => host === B)).toEqual([B]);
    await first.emitWithAck("processes:unwatch", { host: B });
    expect(feeds.hosts()).toContain(B);
    second.disconnect();
    await until(() => !feeds.hosts().includes(B), "the reader to stop");
  });

  it("tells the watchers of an unreachable host so, and keeps serving the others", async () => {
    const socket = connect("fleetAdmin");
    const offline = new Promise<{ host: string; message: string }>((resolve) =>
      socket.on("live:status", (status: { host: string; agent: string; message: string }) => {
        if (status.host === GONE && status.agent === "offline") resolve(status);
      }),
    );
    expect(await socket.emitWithAck("processes:watch", { host: GONE })).toMatchObject({ ok: true });
    expect((await offline).message).toMatch(/not reachable/);
    expect(commands((await watch(socket, B)).snapshot)).toContain(REMOTE_MARKS.hostCommand);
    socket.disconnect();
  });

  it("tells the watchers of a host that accepts connections and never answers, within the feed's call limit", async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const address = `127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
    await db().host.create({ data: { id: SILENT, name: SILENT, driver: "freebsd", address, fingerprint: "AA:BB" } });
    try {
      const socket = connect("fleetAdmin");
      const started = Date.now();
      const offline = new Promise<void>((resolve) =>
        socket.on(
          "live:status",
          (status: { host: string; agent: string }) => status.host === SILENT && status.agent === "offline" && resolve(),
        ),
      );
      expect(await socket.emitWithAck("processes:watch", { host: SILENT })).toMatchObject({ ok: true });
      await offline;
      expect(Date.now() - started).toBeLessThan(FEED_CALL_TIMEOUT_MS + 2_000);
      socket.disconnect();
    } finally {
      silent.close();
    }
  }, 20_000);

  it("follows a jail's events on the host it names, one stream per host while someone follows", async () => {
    const socket = connect("bWww");
    // Acknowledged once B's event stream is connected: an action started after it misses nothing.
    expect(await socket.emitWithAck("jail:follow", { host: B, name: "www1" })).toEqual({ ok: true, data: { connected: true } });
    expect(await socket.emitWithAck("jail:follow", { host: B, name: "db1" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await socket.emitWithAck("jail:follow", { name: "www1" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(jailEvents.hosts()).toEqual([B]);
    expect(await socket.emitWithAck("jail:unfollow", { host: B, name: "www1" })).toMatchObject({ ok: true });
    expect(jailEvents.hosts()).toEqual([]);
  });

  it("says so when a followed host's event stream cannot connect, and keeps it for when the host is back", async () => {
    const socket = connect("fleetAdmin");
    expect(await socket.emitWithAck("jail:follow", { host: GONE, name: "www1" })).toEqual({ ok: true, data: { connected: false } });
    expect(jailEvents.hosts()).toEqual([GONE]);
    socket.disconnect();
    await until(() => jailEvents.hosts().length === 0, "the stream to close with its last follower");
  });
});
