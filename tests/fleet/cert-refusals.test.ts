import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addHost } from "@/scripts/lib/host-add";
import { revokeHost } from "@/scripts/lib/host-revoke";
import type { RunningAgent } from "@/server/agent/agent";
import { CRL_CHECK_MS } from "@/server/agent/transport/tls";
import { ClientCertificateRefusedError, fetchHostInfo, subscribeAgentEvents } from "@/server/agent-client";
import { writeAudit } from "@/server/api/audit";
import { createCa, fingerprintOf, issueCrl, issueLeaf, serialOf, type PemPair } from "@/server/fleet/ca";
import type { HostState } from "@/server/fleet/host-state";
import { recordHost } from "@/server/fleet/hosts";
import { startHostMonitor, type HostMonitor } from "@/server/fleet/monitor";
import { crlFile, revokeCertificate } from "@/server/fleet/revocation";
import { agentBundle, ensureFleetIdentity } from "@/server/fleet/store";
import { makeTestPki, tlsConn, type TestPki } from "@/server/fleet/test-support/pki";
import { startTlsAgent } from "@/server/fleet/test-support/tls-agent";
import { waitFor } from "../agent/harness";
import { openRouterBed } from "@/server/api/test-support/router-bed";

// Real agents over mTLS on loopback, the web's host monitor polling them from the hosts recorded in
// the database, each showing the web a certificate it must refuse; the Hosts page reads hosts.list.

const HOST = "127.0.0.1";
const POLL_MS = 200;
const { caller, makeCaller, db } = await openRouterBed();

describe("[integration] certificates the web and the agents refuse: audited once, shown on the Hosts page", () => {
  let pki: TestPki;
  const agents: RunningAgent[] = [];
  let monitor: HostMonitor;
  let list: () => Promise<HostState[]>;

  const bundlePair = async (name: string): Promise<PemPair & { fingerprint: string }> => {
    const bundle = await agentBundle(pki.dir, pki.identity.ca, name, HOST, true);
    return { cert: bundle.cert, key: await readFile(path.join(bundle.dir, "agent.key"), "utf8"), fingerprint: bundle.fingerprint };
  };
  const bundlePairFrom = async (folder: string) => {
    const cert = await readFile(path.join(folder, "agent.crt"), "utf8");
    return { cert, key: await readFile(path.join(folder, "agent.key"), "utf8"), fingerprint: fingerprintOf(cert), serial: serialOf(cert) };
  };
  /** An agent serving `server`, watching the fleet's CRL as a host would watch its copy (or the CA and CRL given). */
  const serve = async (name: string, server: PemPair, trust: { caCert?: string; crl?: string } = {}) => {
    const agent = await startTlsAgent({
      dir: path.join(pki.dir, "agents", name),
      server,
      caCert: trust.caCert ?? pki.identity.ca.cert,
      crl: trust.crl ?? crlFile(pki.dir),
    });
    agents.push(agent);
    return agent.tlsPort!;
  };
  const bundleFingerprint = async (name: string) => (await agentBundle(pki.dir, pki.identity.ca, name, HOST)).fingerprint;
  const record = (name: string, port: number, fingerprint: string) =>
    recordHost(db(), { name, address: { host: HOST, port }, fingerprint });
  const stateOf = async (name: string) => (await list()).find((host) => host.id === name);
  const refusedAs = (name: string, kind: HostState["refused"]) =>
    waitFor(async () => ((await stateOf(name))?.refused === kind ? stateOf(name) : null), 5000, `${name} refused as ${kind}`);
  /** After a few more polls in the refused state, the events the monitor wrote for the host. */
  const refusalEvents = async (name: string) => {
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve, POLL_MS * 2));
    return db().auditEvent.findMany({ where: { action: "host.refused", target: name }, orderBy: { at: "asc" } });
  };

  beforeAll(async () => {
    pki = await makeTestPki();
    monitor = startHostMonitor({
      listHosts: () => db().host.findMany({ where: { address: { not: null } }, orderBy: { name: "asc" } }),
      local: null,
      identity: () => ensureFleetIdentity(pki.dir),
      intervalMs: POLL_MS,
      log: () => undefined,
      audit: (entry) => void writeAudit(db(), entry),
    });
    const admin = await makeCaller("certs-admin", [{ role: "admin", scopeType: "host", scopeValue: "local" }]);
    list = async () => (await caller(admin).hosts.list()).hosts;
  }, 60_000);

  afterAll(async () => {
    monitor?.stop();
    for (const agent of agents) await agent.close();
    if (pki) await rm(pki.dir, { recursive: true, force: true });
  });

  it("an agent answering for charlie with bravo's certificate (same CA, pinned to charlie's) is refused as impersonation", async () => {
    const bravo = await bundlePair("bravo");
    const charlie = await bundlePair("charlie");
    await record("charlie", await serve("bravo", bravo), charlie.fingerprint);
    const state = await refusedAs("charlie", "impersonation");
    expect(state).toMatchObject({
      reachability: "unreachable",
      error: expect.stringMatching(/issued to "stockade-agent bravo", not to host charlie: refused as impersonation/),
    });
    const events = await refusalEvents("charlie");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: null, actorName: "host monitor", hostId: "charlie", targetType: "host", result: "denied" });
    expect(JSON.parse(events[0]!.details!)).toMatchObject({
      refusal: "impersonation",
      dialled: "charlie",
      presentedSubject: "stockade-agent bravo",
    });
  });

  it("a fingerprint other than the recorded one is refused once per transition: cleared by recording it, audited again when it returns", async () => {
    const first = await bundlePair("delta");
    const renewed = await bundlePair("delta");
    const port = await serve("delta", renewed);
    await record("delta", port, first.fingerprint);
    expect(await refusedAs("delta", "fingerprint")).toMatchObject({
      error: expect.stringMatching(new RegExp(`presented certificate ${renewed.fingerprint}, not the recorded ${first.fingerprint}`)),
    });
    expect(await refusalEvents("delta")).toHaveLength(1);
    await record("delta", port, renewed.fingerprint);
    await waitFor(async () => (await stateOf("delta"))?.reachability === "reachable", 5000, "delta reachable");
    expect(await stateOf("delta")).toMatchObject({ refused: null, error: null });
    await record("delta", port, first.fingerprint);
    await refusedAs("delta", "fingerprint");
    const events = await refusalEvents("delta");
    expect(events.map((event) => JSON.parse(event.details!).refusal)).toEqual(["fingerprint", "fingerprint"]);
  });

  it("an agent whose certificate another CA issued (right name, pinned) is refused as untrusted", async () => {
    const other = await issueLeaf(await createCa("Stockade CA"), { commonName: "stockade-agent echo", usage: "server", addresses: [HOST] });
    await record("echo", await serve("echo", other), fingerprintOf(other.cert));
    expect(await refusedAs("echo", "untrusted")).toMatchObject({
      error: expect.stringMatching(/certificate this web's Stockade CA did not issue/),
    });
    expect(await refusalEvents("echo")).toHaveLength(1);
  });

  it("host revoke: the web refuses the revoked agent from its next poll, audited as the revocation and one refusal", async () => {
    const alpha = await bundlePair("alpha");
    await record("alpha", await serve("alpha", alpha), alpha.fingerprint);
    await waitFor(async () => (await stateOf("alpha"))?.reachability === "reachable", 5000, "alpha reachable");
    const lines: string[] = [];
    expect(await revokeHost("alpha", { dataDir: pki.dataDir, db: db(), print: (line) => lines.push(line) })).toBe(true);
    expect(lines[0]).toMatch(/^Revoked alpha's agent certificate: serial [0-9a-f]+/);
    expect(await refusedAs("alpha", "revoked")).toMatchObject({ error: expect.stringMatching(/presented a revoked certificate: refused/) });
    const events = await refusalEvents("alpha");
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.details!)).toMatchObject({ refusal: "revoked" });
    const revocation = await db().auditEvent.findMany({ where: { action: "host.revoke", target: "alpha" } });
    expect(revocation).toMatchObject([{ result: "ok", details: expect.stringContaining(alpha.fingerprint) }]);
    expect(await revokeHost("alpha", { dataDir: pki.dataDir, db: db(), print: () => undefined })).toBe(false);
  });

  it("host add --renew: the agent still serving the old certificate is refused as revoked, the new one accepted, audited with both", async () => {
    const lines: string[] = [];
    const add = (port: number, renew = false) =>
      addHost(
        { name: "golf", address: `${HOST}:${port}`, yes: true, renew },
        { dataDir: pki.dataDir, db: db(), print: (line) => lines.push(line), confirm: async () => false },
      );
    const servedBundle = async () => bundlePairFrom(path.join(pki.dir, "hosts", "golf"));
    await add(1);
    const old = await servedBundle();
    const oldPort = await serve("golf-old", old);
    await add(oldPort);
    await waitFor(async () => (await stateOf("golf"))?.reachability === "reachable", 5000, "golf reachable");
    lines.length = 0;
    await add(oldPort, true);
    const renewed = await servedBundle();
    expect(renewed.fingerprint).not.toBe(old.fingerprint);
    expect(lines.join("\n")).toContain(`the certificate it replaces (serial ${old.serial}, SHA-256 ${old.fingerprint}) is now revoked`);
    expect(await refusedAs("golf", "revoked")).toMatchObject({ error: expect.stringMatching(/presented a revoked certificate: refused/) });
    await add(await serve("golf-new", renewed));
    await waitFor(async () => (await stateOf("golf"))?.reachability === "reachable", 5000, "golf reachable with the new certificate");
    const renewals = await db().auditEvent.findMany({ where: { action: "host.renew", target: "golf" } });
    expect(renewals).toHaveLength(1);
    expect(JSON.parse(renewals[0]!.details!)).toMatchObject({
      old: { serial: old.serial, fingerprint: old.fingerprint },
      new: { fingerprint: renewed.fingerprint },
      oldAlreadyRevoked: false,
    });
  });

  it("an agent refuses a client certificate once the CRL it watches lists it, and still serves the web's own", async () => {
    const bravo = agents[0]!;
    const fingerprint = await bundleFingerprint("bravo");
    const dial = { name: "bravo", host: HOST, port: bravo.tlsPort!, fingerprint };
    const second = await issueLeaf(pki.identity.ca, { commonName: "stockade-web", usage: "client" });
    await expect(fetchHostInfo(tlsConn(pki, { ...dial, client: second }))).resolves.toMatchObject({ driver: "freebsd" });
    await revokeCertificate(pki.dir, pki.identity.ca, second.cert, "web", "stockade-web");
    const revokedAt = Date.now();
    const refusal = await waitFor(
      () =>
        fetchHostInfo(tlsConn(pki, { ...dial, client: second })).then(
          () => null,
          (error: Error) => error,
        ),
      CRL_CHECK_MS * 5,
      "the agent refusing the revoked client certificate",
    );
    console.log(`revoked client certificate refused ${Date.now() - revokedAt} ms after the CRL changed`);
    expect(refusal).toBeInstanceOf(ClientCertificateRefusedError);
    expect(refusal).toMatchObject({ code: "unavailable", refusal: "client-revoked", message: expect.stringMatching(/it is revoked/) });
    await expect(fetchHostInfo(tlsConn(pki, dial))).resolves.toMatchObject({ driver: "freebsd" });
  });

  it("an agent refusing this web's own certificate (revoked on its CRL, or trusting another CA) is shown as that, audited once", async () => {
    const hotel = await bundlePair("hotel");
    const hotelCrl = path.join(pki.dir, "hotel-crl.pem");
    await writeFile(hotelCrl, await issueCrl(pki.identity.ca, [{ serial: serialOf(pki.identity.web.cert), revokedAt: new Date() }]));
    await record("hotel", await serve("hotel", hotel, { crl: hotelCrl }), hotel.fingerprint);
    expect(await refusedAs("hotel", "client-revoked")).toMatchObject({
      reachability: "unreachable",
      error: expect.stringMatching(/refused this web's client certificate: it is revoked/),
    });
    const events = await refusalEvents("hotel");
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.details!)).toMatchObject({ refusal: "client-revoked", kind: "revoked" });

    const india = await bundlePair("india");
    await record("india", await serve("india", india, { caCert: (await createCa("Stockade CA")).cert }), india.fingerprint);
    expect(await refusedAs("india", "client-unknown-ca")).toMatchObject({
      error: expect.stringMatching(/refused this web's client certificate: it is not from the CA the agent trusts/),
    });
    expect(await refusalEvents("india")).toHaveLength(1);
  });

  it("a web client certificate past its expiry is refused by the agent as expired, said as such", async () => {
    const juliet = await bundlePair("juliet");
    const port = await serve("juliet", juliet);
    // Valid from a minute ago for thirty seconds: already expired, signed by the right CA.
    const expired = await issueLeaf(pki.identity.ca, { commonName: "stockade-web", usage: "client", days: 30 / 86_400 });
    const dial = { name: "juliet", host: HOST, port, fingerprint: juliet.fingerprint };
    const error = await fetchHostInfo(tlsConn(pki, { ...dial, client: expired })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientCertificateRefusedError);
    expect(error).toMatchObject({ refusal: "client-expired", message: expect.stringMatching(/it has expired/) });
    // The event stream (a WebSocket) is refused the same way, through the same mapping.
    const streamError = await new Promise<Error | undefined>((resolve) => {
      const subscription = subscribeAgentEvents(tlsConn(pki, { ...dial, client: expired }), {
        onEvent: () => undefined,
        onStatus: (status, failure) => status === "disconnected" && (subscription.close(), resolve(failure)),
      });
    });
    expect(streamError).toBeInstanceOf(ClientCertificateRefusedError);
    expect(streamError).toMatchObject({ refusal: "client-expired" });
    await expect(fetchHostInfo(tlsConn(pki, dial))).resolves.toMatchObject({ driver: "freebsd" });
  });
});
