import { beforeAll, describe, expect, it } from "vitest";
import type { Caller } from "../init";

import { openRouterBed } from "../test-support/router-bed";

const { caller: callerAs, db, makeCaller } = await openRouterBed();

let admin: Caller;
let viewer: Caller;

beforeAll(async () => {
  admin = await makeCaller("admin1", [{ role: "admin", scopeType: "host", scopeValue: "local" }]);
  viewer = await makeCaller("viewer1", [{ role: "viewer", scopeType: "host", scopeValue: "local" }]);
});

describe("team router", () => {
  it("lets an admin add a user, returns a one-time password once, and audits it", async () => {
    const created = await callerAs(admin).team.create({ username: "newbie", name: "New Bie", role: "operator" });
    expect(created.oneTimePassword.length).toBeGreaterThanOrEqual(20);
    const event = await db().auditEvent.findFirst({ where: { action: "team.create" } });
    expect(event).toMatchObject({ actorName: "admin1", result: "ok", targetType: "user", target: "newbie as operator" });
    expect(event?.details).toContain("newbie");
    const grants = await db().grant.findMany({ where: { user: { username: "newbie" } } });
    expect(grants.map((grant) => grant.roleName)).toEqual(["operator"]);
  });

  it("refuses a duplicate username with CONFLICT", async () => {
    await expect(callerAs(admin).team.create({ username: "newbie", name: "Again", role: "viewer" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("refuses a viewer with FORBIDDEN and records the attempt", async () => {
    await expect(callerAs(viewer).team.create({ username: "sneaky", name: "S", role: "admin" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await db().auditEvent.findFirst({ where: { actorName: "viewer1", action: "team.create" } })).toMatchObject({ result: "denied" });
    expect(await db().user.findUnique({ where: { username: "sneaky" } })).toBeNull();
  });

  it("refuses anyone not signed in with UNAUTHORIZED", async () => {
    await expect(callerAs(null).team.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("disables a user and ends their sessions, but never the admin's own account", async () => {
    const caller = callerAs(admin);
    await expect(caller.team.setDisabled({ username: "newbie", disabled: true })).resolves.toMatchObject({ disabled: true });
    await expect(caller.team.setDisabled({ username: "admin1", disabled: true })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("says NOT_FOUND for an unknown user", async () => {
    const caller = callerAs(admin);
    await expect(caller.team.resetPassword({ username: "ghost" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(caller.team.setDisabled({ username: "ghost", disabled: true })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("shows a user their own permissions through session.me", async () => {
    const me = await callerAs(viewer).session.me();
    expect(me.permissionsOnHost).toEqual(["jails.view", "console.watch"]);
  });

  it("renames a user only through an admin, and earlier audit events keep the name they acted under", async () => {
    const renamed = await makeCaller("oldname", [{ role: "viewer", scopeType: "host", scopeValue: "local" }]);
    await expect(callerAs(renamed).team.rename({ username: "oldname", newUsername: "mine" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await callerAs(admin).team.rename({ username: "oldname", newUsername: "newname" });
    const events = await db().auditEvent.findMany({ where: { actorId: renamed.id } });
    expect(events.map((event) => event.actorName)).toEqual(["oldname"]);
    expect(await db().user.findUnique({ where: { id: renamed.id } })).toMatchObject({ username: "newname" });
    await expect(callerAs(admin).team.rename({ username: "newname", newUsername: "admin1" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });
});

describe("team sessions", () => {
  it("lets an admin see and end anyone's session, audited with the user as target", async () => {
    const { auth } = await import("@/server/auth/auth");
    const { createUser } = await import("@/server/auth/users");
    const user = await createUser({ username: "roamer", role: "viewer", password: "a password of their own" });
    await auth().api.signInUsername({ body: { username: "roamer", password: user.password } });
    const adminCaller = callerAs(admin);
    const [session] = await adminCaller.team.sessions({ username: "roamer" });
    expect(session).toMatchObject({ current: false });
    await adminCaller.team.endSession({ username: "roamer", id: session!.id });
    expect(await adminCaller.team.sessions({ username: "roamer" })).toEqual([]);
    await expect(adminCaller.team.endSession({ username: "roamer", id: session!.id })).rejects.toThrow(/no such session/);
    const event = await db().auditEvent.findFirst({ where: { action: "team.endSession", result: "ok" } });
    expect(event).toMatchObject({ actorName: "admin1", targetType: "user", target: "roamer" });
    await expect(callerAs(viewer).team.sessions({ username: "roamer" })).rejects.toThrow(/permission/);
  });

  it("disabling a user ends all their sessions", async () => {
    const { auth } = await import("@/server/auth/auth");
    const { createUser } = await import("@/server/auth/users");
    const user = await createUser({ username: "leaver", role: "viewer", password: "a password of their own" });
    await auth().api.signInUsername({ body: { username: "leaver", password: user.password } });
    await auth().api.signInUsername({ body: { username: "leaver", password: user.password } });
    expect(await db().session.count({ where: { userId: user.id } })).toBe(2);
    await callerAs(admin).team.setDisabled({ username: "leaver", disabled: true });
    expect(await db().session.count({ where: { userId: user.id } })).toBe(0);
  });
});
