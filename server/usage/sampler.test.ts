import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOST_SERIES } from "./store";

// This machine's recorded agent and a remote one over mutual TLS on loopback, sampled by one
// sampler into the database; the remote host's chart is read back through tRPC with `host`.

const { openRouterBed } = await import("@/server/api/test-support/router-bed");
const { caller, makeCaller, db } = await openRouterBed({ agent: true });
const { startRecordedAgent } = await import("@/server/api/test-support/recorded-agent");
const { agentConnection } = await import("@/server/agent-client/connection");
const { webConfig } = await import("@/server/config");
const { ensureFleetIdentity, fleetDir } = await import("@/server/fleet/store");
const { startRemoteHost } = await import("@/server/fleet/test-support/remote-host");
const { startUsageSampler } = await import("./sampler");
const { monitorSaysReachable, sampledHosts } = await import("./sampled-hosts");

const B = "sampler-b";
const C = "sampler-c";
const GONE = "sampler-gone";
let local: Awaited<ReturnType<typeof startRecordedAgent>>;
const remotes: Awaited<ReturnType<typeof startRemoteHost>>[] = [];

beforeAll(async () => {
  local = await startRecordedAgent();
  remotes.push(await startRemoteHost(db(), B), await startRemoteHost(db(), C));
  await db().host.create({ data: { id: GONE, name: GONE, driver: "freebsd", address: "127.0.0.1:1", fingerprint: "AA:BB" } });
}, 60_000);
afterAll(async () => {
  for (const remote of remotes) await remote.close();
  await local?.close();
});

const hostsWithSamples = async () =>
  (await db().usageSample.findMany({ where: { jail: HOST_SERIES }, distinct: ["hostId"], select: { hostId: true } }))
    .map((row) => row.hostId)
    .sort();

async function sampleFor(ms: number, reachable?: (hostId: string) => boolean): Promise<string[]> {
  const errors: string[] = [];
  const identity = () => ensureFleetIdentity(fleetDir(webConfig().dataDir));
  const hosts = sampledHosts({ db: db(), local: agentConnection(local.socketPath), identity, reachable });
  const sampler = startUsageSampler({
    db: db(),
    hosts,
    intervalSeconds: webConfig().sampleSeconds,
    onError: (_, hostId) => errors.push(hostId ?? "?"),
  });
  await new Promise((resolve) => setTimeout(resolve, ms));
  sampler.stop();
  return errors;
}

describe("the usage sampler across hosts", () => {
  it("samples this machine and every enrolled host the monitor does not see away, each under its own id", async () => {
    const states = [{ id: C, reachability: "unreachable", refused: null }];
    // The first round runs at once; the charts read samples at the configured resolution.
    const errors = await sampleFor(
      1_500,
      monitorSaysReachable(() => states),
    );
    // C's agent is up, but the monitor says it is away: it is not asked. GONE is asked and fails, alone.
    expect(await hostsWithSamples()).toEqual([B, "local"].sort());
    expect(new Set(errors)).toEqual(new Set([GONE]));
    const jails = await db().usageSample.findMany({ where: { hostId: B }, distinct: ["jail"], select: { jail: true } });
    expect(jails.map((row) => row.jail)).toEqual(expect.arrayContaining([HOST_SERIES, "www1", "db1"]));
  });

  it("shows a remote host's own history through usage.hostHistory with its `host`", async () => {
    const admin = await makeCaller("sampler-admin", []);
    await db().grant.create({ data: { userId: admin.id, roleName: "admin", hostId: B, scopeType: "host", scopeValue: B } });
    const onB = caller({ ...admin, grants: await db().grant.findMany({ where: { userId: admin.id } }) });
    const history = await onB.usage.hostHistory({ host: B, range: "hour" });
    expect(history.points.length).toBeGreaterThanOrEqual(1);
    await expect(onB.usage.hostHistory({ host: C, range: "hour" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(onB.usage.hostHistory({ range: "hour" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
