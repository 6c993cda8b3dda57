import { execFile, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addHost } from "@/scripts/lib/host-add";
import { AgentError, agentConnection, fetchHostInfo, fetchJails, ImpersonationError, subscribeAgentEvents } from "@/server/agent-client";
import type { AuditEntry } from "@/server/api/audit";
import { startRecordedAgent, type RecordedAgent } from "@/server/api/test-support/recorded-agent";
import { openRouterBed } from "@/server/api/test-support/router-bed";
import { hostConnection } from "@/server/fleet/hosts";
import { issueLeaf, createCa } from "@/server/fleet/ca";
import { startHostMonitor, type HostMonitor } from "@/server/fleet/monitor";
import { ensureFleetIdentity, fleetDir, type FleetIdentity } from "@/server/fleet/store";
import { plainHttpProbe, tls12Handshakes } from "@/server/fleet/test-support/pki";
import { AGENT_MAIN } from "./agent-process";
import { waitFor } from "./harness";
import { canUseNetns, createNetns, removeNetns, spawnInNetns, stopChild, type Netns } from "./netns";

const run = promisify(execFile);
// The web's database is the router bed's, so hosts.list (the Hosts page's query) reads the rows `host add` wrote.
const { caller, makeCaller, db } = await openRouterBed();
const PORT = 7443;
const HOSTS = [
  { name: "fleettls-a", base: "10.254.71.0" },
  { name: "fleettls-b", base: "10.254.71.4" },
];

interface RemoteAgent {
  ns: Netns;
  child: ChildProcess;
  stderr: string[];
}

function agentEnv(root: string, name: string, ns: Netns, bundleDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    STOCKADE_DRIVER: "freebsd",
    STOCKADE_SOCKET_GROUP: "",
    STOCKADE_AGENT_SOCKET: path.join(root, name, "agent.sock"),
    STOCKADE_DATA_DIR: path.join(root, name, "web"),
    STOCKADE_AGENT_STATE_DIR: path.join(root, name, "state"),
    STOCKADE_AGENT_TLS_LISTEN: `${ns.address}:${PORT}`,
    STOCKADE_AGENT_TLS_CERT: path.join(bundleDir, "agent.crt"),
    STOCKADE_AGENT_TLS_KEY: path.join(bundleDir, "agent.key"),
    STOCKADE_AGENT_TLS_CA: path.join(bundleDir, "ca.crt"),
    STOCKADE_LOG_LEVEL: "warn",
  };
}

describe.skipIf(!canUseNetns)("[integration] two agents in their own network namespaces, reached over mutual TLS", () => {
  let root: string;
  let identity: FleetIdentity;
  let local: RecordedAgent;
  let monitor: HostMonitor;
  let listHosts: () => ReturnType<ReturnType<typeof caller>["hosts"]["list"]>;
  const audited: AuditEntry[] = [];
  const agents: RemoteAgent[] = [];

  beforeAll(async () => {
    for (const host of HOSTS) await removeNetns(host.name);
    root = await mkdtemp(path.join(tmpdir(), "fleettls-"));
    const io = { dataDir: root, db: db(), print: () => undefined, confirm: async () => false };
    for (const host of HOSTS) {
      const ns = await createNetns(host.name, host.base);
      expect(await addHost({ name: host.name, address: `${ns.address}:${PORT}`, yes: true }, io)).toBe(true);
      const bundleDir = path.join(fleetDir(root), "hosts", host.name);
      const child = spawnInNetns(ns.name, [process.execPath, "--import", "tsx", AGENT_MAIN], agentEnv(root, host.name, ns, bundleDir));
      const stderr: string[] = [];
      child.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
      agents.push({ ns, child, stderr });
    }
    identity = await ensureFleetIdentity(fleetDir(root));
    for (const host of HOSTS) {
      const row = await db().host.findUniqueOrThrow({ where: { id: host.name } });
      await waitFor(() => fetchHostInfo(hostConnection(row, identity)), 30_000, `the agent in ${host.name}`);
    }
    local = await startRecordedAgent();
    // As server-entry.ts starts it; hosts.list answers from this monitor (runningHostMonitor).
    monitor = startHostMonitor({
      listHosts: () => db().host.findMany({ orderBy: { name: "asc" } }),
      local: agentConnection(local.socketPath),
      identity: async () => identity,
      audit: (entry) => audited.push(entry),
      log: () => undefined,
    });
    const admin = await makeCaller("fleettls-admin", [{ role: "admin", scopeType: "host", scopeValue: "local" }]);
    listHosts = () => caller(admin).hosts.list();
  }, 120_000);

  afterAll(async () => {
    monitor?.stop();
    await local?.close();
    for (const agent of agents) await stopChild(agent.child);
    for (const host of HOSTS) await removeNetns(host.name);
    if (root) await rm(root, { recursive: true, force: true });
  });

  const rowOf = (name: string) => db().host.findUniqueOrThrow({ where: { id: name } });

  it("the web reaches each recorded host on its namespace address and lists its jails", async () => {
    const rows = await db().host.findMany({ where: { address: { not: null } }, orderBy: { name: "asc" } });
    expect(rows.map((r) => r.address)).toEqual(agents.map((a) => `${a.ns.address}:${PORT}`));
    for (const row of rows) {
      const conn = hostConnection(row, identity);
      expect(await fetchHostInfo(conn)).toMatchObject({ driver: "freebsd", recorded: true });
      expect((await fetchJails(conn)).map((j) => j.name)).toEqual(expect.arrayContaining(["www1", "db1", "dev1", "old1"]));
    }
  });

  it("the Hosts page's query (hosts.list) lists both hosts reachable with their jails, and a host whose agent shows another host's certificate as impersonation", async () => {
    const [a, b] = [await rowOf(HOSTS[0]!.name), await rowOf(HOSTS[1]!.name)];
    await db().host.create({
      data: { id: "fleettls-c", name: "fleettls-c", driver: "unknown", address: b.address, fingerprint: a.fingerprint },
    });
    try {
      // A poll already under way read the rows before fleettls-c was added: wait for one that dialled it.
      const { hosts } = await waitFor(
        async () => {
          await monitor.pollNow();
          const listed = await listHosts();
          return listed.hosts.some((h) => h.id === "fleettls-c" && h.reachability !== "checking") && listed;
        },
        10_000,
        "a poll that dialled fleettls-c",
      );
      expect(hosts.map((h) => [h.id, h.address, h.reachability])).toEqual([
        ["local", null, "reachable"],
        ["fleettls-a", a.address, "reachable"],
        ["fleettls-b", b.address, "reachable"],
        ["fleettls-c", b.address, "unreachable"],
      ]);
      for (const host of hosts.slice(0, 3)) {
        expect(host).toMatchObject({ stale: false, error: null, refused: null, info: { driver: "freebsd", recorded: true } });
        expect(host.jails.map((j) => j.name)).toEqual(expect.arrayContaining(["www1", "db1", "dev1", "old1"]));
      }
      expect(hosts[3]).toMatchObject({ refused: "impersonation", info: null, jails: [] });
      expect(audited).toEqual([
        expect.objectContaining({
          action: "host.refused",
          target: "fleettls-c",
          details: expect.objectContaining({ refusal: "impersonation" }),
        }),
      ]);
    } finally {
      await db().host.delete({ where: { id: "fleettls-c" } });
    }
  });

  it("the event stream crosses the same mTLS connection", async () => {
    const conn = hostConnection(await rowOf(HOSTS[1]!.name), identity);
    const statuses: string[] = [];
    const subscription = subscribeAgentEvents(conn, { onEvent: () => undefined, onStatus: (s) => statuses.push(s) });
    try {
      await waitFor(async () => statuses.includes("connected"), 10_000, "the event stream over wss");
    } finally {
      subscription.close();
    }
  });

  it("refuses a client certificate from another CA, and one the Stockade CA issued for a server", async () => {
    const row = await rowOf(HOSTS[0]!.name);
    const forged = await issueLeaf(await createCa("Stockade CA"), { commonName: "stockade-web", usage: "client" });
    const asServer = await issueLeaf(identity.ca, { commonName: "stockade-web", usage: "server" });
    for (const [client, refusal] of [
      [forged, "client-unknown-ca"],
      [asServer, "client-bad-certificate"],
    ] as const) {
      const error = await fetchHostInfo(hostConnection(row, { ...identity, web: client })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AgentError);
      expect(error).toMatchObject({
        code: "unavailable",
        refusal,
        message: expect.stringMatching(/refused this web's client certificate/),
      });
    }
  });

  it("an agent answering for host A with host B's certificate is refused as impersonation, before the pin", async () => {
    const [a, b] = [await rowOf(HOSTS[0]!.name), await rowOf(HOSTS[1]!.name)];
    const impostor = { name: a.name, address: b.address, fingerprint: a.fingerprint };
    const error = await fetchHostInfo(hostConnection(impostor, identity)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImpersonationError);
    expect(error).toMatchObject({ dialled: a.name, presentedSubject: `stockade-agent ${b.name}`, code: "unavailable" });
  });

  it("a plain-TCP client gets nothing back, and a TLS 1.2 client no handshake", async () => {
    for (const agent of agents) {
      expect(await plainHttpProbe(agent.ns.address, PORT)).toBe("");
      expect(await tls12Handshakes(identity, agent.ns.address, PORT)).toBe(false);
    }
  });

  it("each agent listens in its own namespace only, and is still running", async () => {
    const ssArgs = ["-Hltn", `sport = :${PORT}`];
    const listening = async (ns?: string) => (await (ns ? run("ip", ["netns", "exec", ns, "ss", ...ssArgs]) : run("ss", ssArgs))).stdout;
    for (const agent of agents) {
      expect(agent.child.exitCode, agent.stderr.join("")).toBeNull();
      expect(await listening(agent.ns.name)).toContain(`${agent.ns.address}:${PORT}`);
    }
    expect(await listening()).not.toMatch(/10\.254\.71\./);
  });
});
