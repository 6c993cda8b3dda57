import { describe, expect, it } from "vitest";
import { openRouterBed } from "../test-support/router-bed";

const { caller: callerAs, db, makeCaller } = await openRouterBed();
const { webConfig } = await import("@/server/config");
const { agentBundle, ensureFleetIdentity, fleetDir } = await import("@/server/fleet/store");
const { readRevoked } = await import("@/server/fleet/revocation");

const dir = () => fleetDir(webConfig().dataDir);

/** A host as `host add` records it: its bundle in the web's fleet folder and its row. */
async function enrol(name: string) {
  const identity = await ensureFleetIdentity(dir());
  const bundle = await agentBundle(dir(), identity.ca, name, "127.0.0.1");
  await db().host.create({ data: { id: name, name, driver: "freebsd", address: "127.0.0.1:1", fingerprint: bundle.fingerprint } });
  return bundle;
}

/** A user with exactly these grants (hostId null: a tag on every host). */
async function userWith(username: string, grants: { role: string; hostId: string | null; scopeType: string; scopeValue: string }[]) {
  const user = await makeCaller(username, []);
  const rows = await Promise.all(
    grants.map(({ role, ...grant }) => db().grant.create({ data: { userId: user.id, roleName: role, ...grant } })),
  );
  return { ...user, grants: rows };
}

describe("hosts router: the host choices and revoking a host", () => {
  it("offers each caller the hosts where they may see jails, this machine first", async () => {
    await enrol("choice-b");
    await enrol("choice-c");
    const admin = await makeCaller("hadmin", [{ role: "admin", scopeType: "host", scopeValue: "local" }]);
    const onB = await userWith("hviewer-b", [{ role: "viewer", hostId: "choice-b", scopeType: "jail", scopeValue: "www1" }]);
    const everywhere = await userWith("hviewer-all", [{ role: "viewer", hostId: null, scopeType: "tag", scopeValue: "web" }]);
    const ids = async (who: Parameters<typeof callerAs>[0]) => (await callerAs(who).hosts.choices()).map((host) => host.id);
    // An admin on this machine holds no grant on the other hosts: they are not offered to them.
    expect(await ids(admin)).toEqual(["local"]);
    expect(await ids(onB)).toEqual(["choice-b"]);
    expect(await ids(everywhere)).toEqual(["local", "choice-b", "choice-c"]);
    expect((await callerAs(everywhere).hosts.choices())[1]).toEqual({ id: "choice-b", name: "choice-b", remote: true });
    await expect(callerAs(null).hosts.choices()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("revokes a host for an admin who typed its name, as the CLI does, audited with who asked", async () => {
    const bundle = await enrol("revoke-b");
    const admin = await makeCaller("radmin", [{ role: "admin", scopeType: "host", scopeValue: "local" }]);
    const caller = callerAs(admin);
    await expect(caller.hosts.revoke({ name: "revoke-b", confirmName: "revoke" })).rejects.toThrow(
      /Type the host's name, revoke-b, to confirm/,
    );
    expect(await readRevoked(dir())).toEqual([]);
    await expect(caller.hosts.revoke({ name: "revoke-b", confirmName: "revoke-b" })).resolves.toMatchObject({
      name: "revoke-b",
      revoked: true,
    });
    expect(await readRevoked(dir())).toMatchObject([{ host: "revoke-b", fingerprint: bundle.fingerprint }]);
    // The revocation itself (as the CLI writes it, with the actor) and the request (as every mutation).
    const revocation = await db().auditEvent.findMany({ where: { action: "host.revoke", target: "revoke-b" } });
    expect(revocation).toMatchObject([
      { actorId: admin.id, actorName: "radmin", result: "ok", details: expect.stringContaining(bundle.fingerprint) },
    ]);
    const requests = await db().auditEvent.findMany({ where: { action: "hosts.revoke", target: "revoke-b" }, orderBy: { at: "asc" } });
    expect(requests.map((event) => event.result)).toEqual(["error", "ok"]);
    await expect(caller.hosts.revoke({ name: "revoke-b", confirmName: "revoke-b" })).resolves.toMatchObject({ revoked: false });
    await expect(caller.hosts.revoke({ name: "nowhere", confirmName: "nowhere" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(caller.hosts.revoke({ name: "local", confirmName: "local" })).rejects.toThrow(/this machine's own agent/);
  });

  it("is refused to anyone but an admin, and audited as denied", async () => {
    const operator = await makeCaller("roperator", [{ role: "operator", scopeType: "host", scopeValue: "local" }]);
    await expect(callerAs(operator).hosts.revoke({ name: "revoke-b", confirmName: "revoke-b" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await db().auditEvent.findFirst({ where: { action: "hosts.revoke", actorName: "roperator" } })).toMatchObject({
      result: "denied",
      target: "revoke-b",
    });
  });
});
