import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addHost } from "@/scripts/lib/host-add";
import { agentConnection, fetchHostInfo } from "@/server/agent-client";
import { PROTOCOL_VERSION } from "@/server/agent/protocol";
import { openRouterBed } from "@/server/api/test-support/router-bed";
import { startRecordedAgent, type RecordedAgent } from "@/server/api/test-support/recorded-agent";
import { hostConnection } from "@/server/fleet/hosts";
import type { HostState } from "@/server/fleet/host-state";
import { HOST_POLL_MS, startHostMonitor, type HostMonitor } from "@/server/fleet/monitor";
import { ensureFleetIdentity, fleetDir } from "@/server/fleet/store";
import { AGENT_MAIN } from "../agent/agent-process";
import { waitFor } from "../agent/harness";
import { canUseNetns, createNetns, removeNetns, spawnInNetns, stopChild, type Netns } from "../agent/netns";

// A second agent in its own network namespace (hostsmon-b), reached over mTLS as `host add` records
// it, killed by its PID and started again while the web's host monitor keeps polling.

const NS = "hostsmon-b";
const PORT = 7443;

const { caller, makeCaller, db } = await openRouterBed();

function remoteAgentEnv(root: string, ns: Netns): NodeJS.ProcessEnv {
  const bundle = path.join(fleetDir(root), "hosts", NS);
  return {
    ...process.env,
    STOCKADE_DRIVER: "freebsd",
    STOCKADE_SOCKET_GROUP: "",
    STOCKADE_AGENT_SOCKET: path.join(root, "remote", "agent.sock"),
    STOCKADE_DATA_DIR: path.join(root, "remote", "web"),
    STOCKADE_AGENT_STATE_DIR: path.join(root, "remote", "state"),
    STOCKADE_AGENT_TLS_LISTEN: `${ns.address}:${PORT}`,
    STOCKADE_AGENT_TLS_CERT: path.join(bundle, "agent.crt"),
    STOCKADE_AGENT_TLS_KEY: path.join(bundle, "agent.key"),
    STOCKADE_AGENT_TLS_CA: path.join(bundle, "ca.crt"),
    STOCKADE_LOG_LEVEL: "warn",
  };
}

describe.skipIf(!canUseNetns)("[integration] the Hosts page's data when a remote agent goes away and comes back", () => {
  let root: string;
  let ns: Netns;
  let remote: ChildProcess;
  let local: RecordedAgent;
  let monitor: HostMonitor;
  let list: () => Promise<{ pollMs: number | null; at: string; hosts: HostState[] }>;
  let identity: () => Awaited<ReturnType<typeof ensureFleetIdentity>>;

  const startRemote = async () => {
    remote = spawnInNetns(NS, [process.execPath, "--import", "tsx", AGENT_MAIN], remoteAgentEnv(root, ns));
    const row = await db().host.findUniqueOrThrow({ where: { id: NS } });
    await waitFor(() => fetchHostInfo(hostConnection(row, identity())), 30_000, `the agent in ${NS}`);
  };
  const remoteState = async () => (await list()).hosts.find((host) => host.id === NS)!;

  beforeAll(async () => {
    await removeNetns(NS);
    root = await mkdtemp(path.join(tmpdir(), "hostsmon-"));
    ns = await createNetns(NS, "10.254.72.0");
    const io = { dataDir: root, db: db(), print: () => undefined, confirm: async () => false };
    expect(await addHost({ name: NS, address: `${ns.address}:${PORT}`, yes: true }, io)).toBe(true);
    const loaded = await ensureFleetIdentity(fleetDir(root));
    identity = () => loaded;
    await startRemote();
    local = await startRecordedAgent();
    monitor = startHostMonitor({
      listHosts: () => db().host.findMany({ orderBy: { name: "asc" } }),
      local: agentConnection(local.socketPath),
      identity: async () => loaded,
      log: () => undefined,
    });
    const admin = await makeCaller("hostsmon-admin", [{ role: "admin", scopeType: "host", scopeValue: "local" }]);
    list = () => caller(admin).hosts.list();
  }, 120_000);

  afterAll(async () => {
    monitor?.stop();
    if (remote) await stopChild(remote);
    await local?.close();
    await removeNetns(NS);
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("lists this machine and the remote host, both reachable, with jails, usage and protocol", async () => {
    await monitor.pollNow();
    const { pollMs, at, hosts } = await list();
    expect(pollMs).toBe(HOST_POLL_MS);
    expect(Math.abs(Date.parse(at) - Date.now())).toBeLessThan(5000);
    expect(hosts.map((h) => [h.id, h.address, h.reachability])).toEqual([
      ["local", null, "reachable"],
      [NS, `${ns.address}:${PORT}`, "reachable"],
    ]);
    for (const host of hosts) {
      expect(host.jails.map((j) => j.name)).toEqual(expect.arrayContaining(["www1", "db1", "dev1", "old1"]));
      expect(host).toMatchObject({ stale: false, info: { driver: "freebsd" }, protocol: { agent: PROTOCOL_VERSION, older: false } });
    }
  });

  it("a viewer may not list the hosts", async () => {
    const viewer = await makeCaller("hostsmon-viewer", [{ role: "viewer", scopeType: "host", scopeValue: "local" }]);
    await expect(caller(viewer).hosts.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("frozen (SIGSTOP: connections accepted by the kernel, never answered), it is unreachable within 5 s; thawed, reachable", async () => {
    await waitFor(async () => (await remoteState()).reachability === "reachable", 10_000, "the remote host reachable");
    process.kill(remote.pid!, "SIGSTOP");
    const stoppedAt = Date.now();
    try {
      await waitFor(async () => (await remoteState()).reachability === "unreachable", 5000, "unreachable within 5 s");
      console.log(`unreachable ${Date.now() - stoppedAt} ms after SIGSTOP`);
      expect(await remoteState()).toMatchObject({ stale: true });
    } finally {
      process.kill(remote.pid!, "SIGCONT");
    }
    await waitFor(async () => (await remoteState()).reachability === "reachable", 5000, "reachable after SIGCONT");
  }, 30_000);

  it("killed by its PID, the remote host is unreachable within 5 s with its last data kept; restarted, reachable again", async () => {
    await waitFor(async () => (await remoteState()).reachability === "reachable", 10_000, "the remote host reachable");
    const before = await remoteState();
    const exited = new Promise((resolve) => remote.once("exit", resolve));
    process.kill(remote.pid!, "SIGKILL");
    await exited;
    const killedAt = Date.now();
    await waitFor(async () => (await remoteState()).reachability === "unreachable", 5000, "unreachable within 5 s");
    const elapsed = Date.now() - killedAt;
    console.log(`unreachable ${elapsed} ms after kill -9`);
    expect(elapsed).toBeLessThan(5000);
    const away = await remoteState();
    expect(away).toMatchObject({ stale: true, error: expect.stringMatching(/not reachable/), info: before.info });
    expect(away.lastSeen).not.toBeNull();
    expect(away.jails).toEqual(before.jails);
    expect((await list()).hosts.find((h) => h.id === "local")?.reachability).toBe("reachable");

    await startRemote();
    const restartedAt = Date.now();
    await waitFor(async () => (await remoteState()).reachability === "reachable", 5000, "reachable again");
    console.log(`reachable ${Date.now() - restartedAt} ms after the agent answered again`);
    expect(await remoteState()).toMatchObject({ stale: false, error: null });
  }, 90_000);
});
