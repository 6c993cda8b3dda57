import path from "node:path";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoleName, ScopeType } from "@/server/auth/permissions";
import type { Caller } from "./init";
import { openRouterBed } from "./test-support/router-bed";

// Both hosts serve the same recorded FreeBSD jails (www1 tagged web, db1, dev1), so a grant that
// leaked across hosts would pass a same-name check: every refusal below is one of those.
const { caller, makeCaller, db, tokenCaller } = await openRouterBed({ agent: true });
const { startRecordedAgentAt } = await import("@/server/agent/test-support/recorded-agent-at");
const { webConfig } = await import("@/server/config");
const { agentBundle, ensureFleetIdentity, fleetDir } = await import("@/server/fleet/store");

const HOST_B = "hostaware-b";
const LOOPBACK = "127.0.0.1";
const localTags = { www1: ["web"], db1: ["db"], dev1: ["dev"] };
let dir: string;
let agentB: Awaited<ReturnType<typeof startRecordedAgentAt>>;

/** Host B: a real agent over mutual TLS on loopback, its certificate from this web's fleet CA. */
async function startHostB(): Promise<void> {
  dir = await mkdtemp(path.join(tmpdir(), "hostaware-b-"));
  const identity = await ensureFleetIdentity(fleetDir(webConfig().dataDir));
  const bundle = await agentBundle(dir, identity.ca, HOST_B, LOOPBACK);
  agentB = await startRecordedAgentAt(dir, {
    tls: {
      host: LOOPBACK,
      port: 0,
      certFile: path.join(bundle.dir, "agent.crt"),
      keyFile: path.join(bundle.dir, "agent.key"),
      caFile: path.join(bundle.dir, "ca.crt"),
    },
  });
  await db().host.create({
    data: { id: HOST_B, name: HOST_B, driver: "freebsd", address: `${LOOPBACK}:${agentB.tlsPort}`, fingerprint: bundle.fingerprint },
  });
}

/** A user whose only grant is this one; hostId null is a tag grant on every host. */
async function grantee(username: string, role: RoleName, hostId: string | null, scopeType: ScopeType, scopeValue: string): Promise<Caller> {
  const user = await makeCaller(username, []);
  const row = await db().grant.create({ data: { userId: user.id, roleName: role, hostId, scopeType, scopeValue } });
  return { ...user, grants: [row] };
}

beforeAll(startHostB);
afterAll(async () => {
  await agentB?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("grants and procedures per host (local Unix-socket agent and a TLS agent on loopback)", () => {
  it("a grant on host B's dev1 acts on B's dev1 only, not local's dev1 of the same name", async () => {
    const onB = caller(await grantee("hb-oscar", "operator", HOST_B, "jail", "dev1"), localTags);
    await expect(onB.jails.get({ host: HOST_B, name: "dev1" })).resolves.toMatchObject({ name: "dev1" });
    await expect(onB.jails.get({ name: "dev1" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(onB.jails.get({ host: HOST_B, name: "www1" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("a grant on local's dev1 does not reach host B's dev1", async () => {
    const onLocal = caller(await grantee("hl-olga", "operator", "local", "jail", "dev1"), localTags);
    await expect(onLocal.jails.get({ name: "dev1" })).resolves.toMatchObject({ name: "dev1" });
    await expect(onLocal.jails.get({ host: HOST_B, name: "dev1" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("a tag grant across hosts reaches the tagged jail on both hosts and nothing untagged", async () => {
    const everywhere = caller(await grantee("ht-vera", "viewer", null, "tag", "web"), localTags);
    await expect(everywhere.jails.get({ name: "www1" })).resolves.toMatchObject({ name: "www1" });
    await expect(everywhere.jails.get({ host: HOST_B, name: "www1" })).resolves.toMatchObject({ name: "www1" });
    await expect(everywhere.jails.get({ host: HOST_B, name: "db1" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await everywhere.jails.list({ host: HOST_B })).map((jail) => jail.name)).toEqual(["www1"]);
  });

  it("refuses a host that is not recorded with NOT_FOUND", async () => {
    const admin = caller(await grantee("hn-alice", "admin", null, "tag", "web"), localTags);
    await expect(admin.jails.get({ host: "nope", name: "www1" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("audits a mutation with the host it acted on", async () => {
    const onB = caller(await grantee("ha-omar", "operator", HOST_B, "jail", "old1"), localTags);
    // A recorded host refuses every change, so the allowed start reaches B's agent and fails there.
    await expect(onB.jails.start({ host: HOST_B, name: "old1" })).rejects.toThrow(/replayed from recordings/);
    const lastOf = () => db().auditEvent.findFirst({ where: { actorName: "ha-omar" }, orderBy: { at: "desc" } });
    expect(await lastOf()).toMatchObject({ hostId: HOST_B, target: "old1", result: "error" });
    await expect(onB.jails.start({ name: "old1" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await lastOf()).toMatchObject({ hostId: "local", target: "old1", result: "denied" });
  });
});

describe("API tokens naming a host, enforced where grants are", () => {
  const tokenFor = async (input: { name: string; role: RoleName; scopeType: ScopeType; scopeValue?: string; host?: string }) => {
    const admin = caller(await makeCaller(`tk-admin-${input.name}`, [{ role: "admin", scopeType: "host", scopeValue: "local" }]));
    return tokenCaller((await admin.tokens.create(input)).token);
  };

  it("a token for host B reads and acts on B only; one for this machine does not reach B", async () => {
    const onB = await tokenFor({ name: "b-ops", role: "operator", scopeType: "host", host: HOST_B });
    expect((await onB.jails.list({ host: HOST_B })).map((jail) => jail.name)).toEqual(expect.arrayContaining(["www1", "db1"]));
    await expect(onB.jails.get({ name: "www1" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(onB.jails.start({ host: HOST_B, name: "old1" })).rejects.toThrow(/replayed from recordings/);
    await expect(onB.jails.start({ name: "old1" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const denied = await db().auditEvent.findFirst({ where: { actorName: { contains: "(token b-ops)" }, result: "denied" } });
    expect(denied).toMatchObject({ hostId: "local", action: "jails.start", target: "old1" });

    const onLocal = await tokenFor({ name: "local-ops", role: "operator", scopeType: "host" });
    await expect(onLocal.jails.get({ name: "www1" })).resolves.toMatchObject({ name: "www1" });
    await expect(onLocal.jails.get({ host: HOST_B, name: "www1" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(onLocal.jails.start({ host: HOST_B, name: "old1" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("a tag token on every host reaches the tagged jail on both; a jail token on every host and an unrecorded host are refused", async () => {
    const web = await tokenFor({ name: "web-view", role: "viewer", scopeType: "tag", scopeValue: "web", host: "*" });
    await expect(web.jails.get({ host: HOST_B, name: "www1" })).resolves.toMatchObject({ name: "www1" });
    await expect(web.jails.get({ host: HOST_B, name: "db1" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(tokenFor({ name: "x", role: "viewer", scopeType: "jail", scopeValue: "www1", host: "*" })).rejects.toThrow(
      /Only a tag grant can cover every host/,
    );
    await expect(tokenFor({ name: "y", role: "viewer", scopeType: "host", host: "nowhere" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const admin = caller(await makeCaller("tk-lister", [{ role: "admin", scopeType: "host", scopeValue: "local" }]));
    const listed = await admin.tokens.list();
    expect(listed.find((token) => token.name === "b-ops")).toMatchObject({ hostId: HOST_B, scopeValue: HOST_B });
    expect(listed.find((token) => token.name === "web-view")).toMatchObject({ hostId: "*", scopeValue: "web" });
  });
});
