import { beforeAll, describe, expect, it } from "vitest";
import type { Caller } from "../init";

import { openRouterBed } from "../test-support/router-bed";

const { caller: callerAs, db, makeCaller } = await openRouterBed();

let admin: Caller;
let dana: Caller;

beforeAll(async () => {
  admin = await makeCaller("admin1", [{ role: "admin", scopeType: "host", scopeValue: "local" }]);
  dana = await makeCaller("dana", []);
});

const grantsOf = (userId: string) => db().grant.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });

describe("grants router", () => {
  it("gives one user several grants: a jail (even one that does not exist yet), a tag and the host", async () => {
    const caller = callerAs(admin);
    await caller.grants.add({ username: "dana", role: "operator", scopeType: "jail", scopeValue: "www1" });
    await caller.grants.add({ username: "dana", role: "operator", scopeType: "jail", scopeValue: "not-made-yet" });
    await caller.grants.add({ username: "dana", role: "viewer", scopeType: "tag", scopeValue: "dev" });
    await caller.grants.add({ username: "dana", role: "viewer", scopeType: "host", scopeValue: "ignored" });
    const grants = await grantsOf(dana.id);
    expect(grants.map((grant) => `${grant.roleName} ${grant.scopeType} ${grant.scopeValue}`)).toEqual([
      "operator jail www1",
      "operator jail not-made-yet",
      "viewer tag dev",
      "viewer host local",
    ]);
    expect(await db().auditEvent.findFirst({ where: { action: "grants.add" } })).toMatchObject({ actorName: "admin1", result: "ok" });
  });

  it("refuses an unknown role or scope type, or a malformed jail or tag, naming what is wrong", async () => {
    const caller = callerAs(admin);
    const attempt = (input: Record<string, string>) =>
      caller.grants.add({ username: "dana", role: "viewer", scopeType: "jail", scopeValue: "www1", ...input } as never);
    await expect(attempt({ role: "root" })).rejects.toThrow(/Role must be one of admin, operator, viewer/);
    await expect(attempt({ scopeType: "group" })).rejects.toThrow(/Scope must be one of host, jail, tag/);
    await expect(attempt({ scopeValue: "../etc" })).rejects.toThrow(/Jail names are/);
    await expect(attempt({ scopeType: "tag", scopeValue: "Dev Team" })).rejects.toThrow(/Tags are/);
  });

  it("refuses a duplicate grant and a grant for nobody", async () => {
    const caller = callerAs(admin);
    await expect(caller.grants.add({ username: "dana", role: "viewer", scopeType: "tag", scopeValue: "dev" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await expect(caller.grants.add({ username: "ghost", role: "viewer", scopeType: "tag", scopeValue: "dev" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("names the host a grant covers: one recorded host, or every host for a tag; the default is this machine", async () => {
    await db().host.create({ data: { id: "grants-b", name: "grants-b", driver: "freebsd", address: "127.0.0.1:1", fingerprint: "AA" } });
    const erin = await makeCaller("erin", []);
    const caller = callerAs(admin);
    await caller.grants.add({ username: "erin", role: "operator", scopeType: "jail", scopeValue: "www1", host: "grants-b" });
    await caller.grants.add({ username: "erin", role: "viewer", scopeType: "host", scopeValue: "", host: "grants-b" });
    await caller.grants.add({ username: "erin", role: "viewer", scopeType: "tag", scopeValue: "web", host: "*" });
    await caller.grants.add({ username: "erin", role: "viewer", scopeType: "tag", scopeValue: "web" });
    const grants = await grantsOf(erin.id);
    expect(grants.map((grant) => `${grant.roleName} ${grant.scopeType} ${grant.scopeValue} @${grant.hostId}`)).toEqual([
      "operator jail www1 @grants-b",
      "viewer host grants-b @grants-b",
      "viewer tag web @null",
      "viewer tag web @local",
    ]);
    // The same tag grant on every host again is a duplicate, though SQLite's unique index lets nulls repeat.
    await expect(
      caller.grants.add({ username: "erin", role: "viewer", scopeType: "tag", scopeValue: "web", host: "*" }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("every host"),
    });
    // The grant form offers every enrolled host, whatever hosts the admin's own grants cover.
    expect(await caller.team.hosts()).toEqual([
      { id: "local", name: expect.any(String), remote: false },
      { id: "grants-b", name: "grants-b", remote: true },
    ]);
    await expect(callerAs(erin).team.hosts()).rejects.toMatchObject({ code: "FORBIDDEN" });
    const team = await caller.team.list();
    expect(team.find((user) => user.username === "erin")?.grants.map((grant) => grant.hostId)).toEqual([
      "grants-b",
      "grants-b",
      null,
      "local",
    ]);
  });

  it("refuses every host for a jail or a whole host, and a host nobody recorded", async () => {
    const caller = callerAs(admin);
    await expect(caller.grants.add({ username: "dana", role: "viewer", scopeType: "jail", scopeValue: "www1", host: "*" })).rejects.toThrow(
      /Only a tag grant can cover every host/,
    );
    await expect(caller.grants.add({ username: "dana", role: "viewer", scopeType: "host", scopeValue: "", host: "*" })).rejects.toThrow(
      /Only a tag grant can cover every host/,
    );
    await expect(
      caller.grants.add({ username: "dana", role: "viewer", scopeType: "jail", scopeValue: "www1", host: "nowhere" }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "There is no host named nowhere.",
    });
    await expect(
      caller.grants.add({ username: "dana", role: "viewer", scopeType: "tag", scopeValue: "web", host: "../x" }),
    ).rejects.toThrow(/Host names are/);
  });

  it("removes a grant, but never the last admin grant", async () => {
    const caller = callerAs(admin);
    const [first] = await grantsOf(dana.id);
    await expect(caller.grants.remove({ id: first!.id })).resolves.toMatchObject({ username: "dana" });
    expect(await grantsOf(dana.id)).toHaveLength(3);
    const [adminGrant] = await grantsOf(admin.id);
    await expect(caller.grants.remove({ id: adminGrant!.id })).rejects.toThrow(/last admin grant/);
  });

  it("is for admins only", async () => {
    await expect(callerAs(dana).grants.add({ username: "dana", role: "admin", scopeType: "host", scopeValue: "" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});
