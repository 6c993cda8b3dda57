import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningAgent } from "@/server/agent/agent";
import type { AgentEvent } from "@/server/agent/protocol";
import type { Caller } from "@/server/api/init";
import { openFreshDatabase } from "@/server/api/test-support/database";
import { startRecordedAgent, type RecordedAgent } from "@/server/api/test-support/recorded-agent";
import { grantOn, openSocketBed } from "@/server/api/test-support/socket-bed";
import type { RemoteHost } from "@/server/fleet/test-support/remote-host";

// This machine's recorded agent on its Unix socket and a remote Linux-driver agent over mutual
// TLS on loopback whose scripted runner builds the Debian base when a jail is created there;
// the New jail page of host B follows `templates:follow` with `host: B`.

const database = await openFreshDatabase();
const { db } = await import("@/server/db/prisma");
const { agentConnection } = await import("@/server/agent-client/connection");
const { hostPlaces, localPlace } = await import("@/server/api/host-place");
const { webConfig } = await import("@/server/config");
const { ensureFleetIdentity, fleetDir } = await import("@/server/fleet/store");
const { enrolRemoteAgent } = await import("@/server/fleet/test-support/remote-host");
const { createBuildingJail, startTemplateBuildAgent } = await import("@/server/agent/test-support/template-build-agent");
const { registerJailEvents } = await import("@/server/realtime/jail-events");

const B = "tplhost-b";
const CALLERS: Record<string, Caller> = {
  bAdmin: { id: "ba", username: "ba", name: "BA", grants: [grantOn("admin", B, "host", B)] },
  localAdmin: { id: "la", username: "la", name: "LA", grants: [grantOn("admin", "local", "host", "local")] },
  bOperator: { id: "bo", username: "bo", name: "BO", grants: [grantOn("operator", B, "jail", "www1")] },
  revokedOnB: { id: "rb", username: "rb", name: "RB", grants: [grantOn("admin", B, "host", B)] },
};

let local: RecordedAgent;
let remote: RemoteHost & { agent: RunningAgent };
let jailEvents: ReturnType<typeof registerJailEvents>;

beforeAll(async () => {
  local = await startRecordedAgent();
  remote = await enrolRemoteAgent(db(), B, (dir, tls) => startTemplateBuildAgent(dir, { bridge: "stktplh0", pool: "10.213.12.0/28", tls }));
}, 60_000);

const { connect } = openSocketBed(CALLERS, (io) => {
  const agent = agentConnection(local.socketPath);
  const remoteHosts = hostPlaces(db(), localPlace(agent), () => ensureFleetIdentity(fleetDir(webConfig().dataDir)));
  jailEvents = registerJailEvents(io, agent, remoteHosts);
  return () => jailEvents.stop();
});

afterAll(async () => {
  await remote?.close();
  await local?.close();
  database.cleanup();
});

type Progress = Extract<AgentEvent, { type: "progress" }> & { host: string };

/** A client that keeps every template build event it is sent. */
function follower(as: string) {
  const socket = connect(as);
  const received: Progress[] = [];
  socket.on("templates:progress", (event: Progress) => received.push(event));
  const emit = (event: string, payload: unknown) => socket.emitWithAck(event, payload) as Promise<{ ok: boolean; code?: string }>;
  return { socket, received, emit };
}

const until = async (probe: () => boolean, what: string) => {
  for (const deadline = Date.now() + 5_000; !probe(); await new Promise((resolve) => setTimeout(resolve, 20))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
};

describe("[integration] template-build progress per host (a remote Linux agent over mTLS)", () => {
  it("reaches whoever may create jails on the host the follow names, and nobody else", async () => {
    const [bAdmin, localAdmin, bOperator, revoked] = ["bAdmin", "localAdmin", "bOperator", "revokedOnB"].map(follower);
    // Acknowledged once B's event stream is connected: the build started next misses nothing.
    expect(await bAdmin!.emit("templates:follow", { host: B })).toEqual({ ok: true, data: { connected: true } });
    expect(await localAdmin!.emit("templates:follow", { host: B })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await localAdmin!.emit("templates:follow", {})).toMatchObject({ ok: true });
    expect(await bOperator!.emit("templates:follow", { host: B })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await bAdmin!.emit("templates:follow", { host: "tplhost-none" })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await revoked!.emit("templates:follow", { host: B })).toMatchObject({ ok: true });
    // Revoked after following: every relay re-reads the grants, so the build is not sent there.
    CALLERS.revokedOnB!.grants = [];
    expect(jailEvents.hosts()).toEqual([B, "local"].sort());

    expect((await createBuildingJail(remote.agent)).firstCommand).toBe("debootstrap");
    await until(() => bAdmin!.received.some((event) => event.done), "B's build to finish on B's New jail page");
    expect(new Set(bAdmin!.received.map((event) => `${event.host} ${event.task}`))).toEqual(new Set([`${B} template:debian`]));
    expect(bAdmin!.received.at(-1)).toMatchObject({ done: true, fraction: 1 });

    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(localAdmin!.received).toEqual([]);
    expect(bOperator!.received).toEqual([]);
    expect(revoked!.received).toEqual([]);
    // The revoked follower was taken out of B's room: B's stream closes with B's admin leaving.
    expect(await bAdmin!.emit("templates:unfollow", { host: B })).toMatchObject({ ok: true });
    expect(jailEvents.hosts()).toEqual(["local"]);
  });
});
