import { beforeAll, describe, expect, it } from "vitest";
import type { Caller } from "../init";
import { openRouterBed } from "../test-support/router-bed";

const { caller, db, makeCaller } = await openRouterBed({ agent: true });

let admin: Caller;
let operator: Caller;
let viewer: Caller;
let jailAdmin: Caller;

beforeAll(async () => {
  admin = await makeCaller("planner", [{ role: "admin", scopeType: "host", scopeValue: "local" }]);
  operator = await makeCaller("wwwop", [{ role: "operator", scopeType: "jail", scopeValue: "www1" }]);
  viewer = await makeCaller("looker", [{ role: "viewer", scopeType: "host", scopeValue: "local" }]);
  jailAdmin = await makeCaller("old1admin", [{ role: "admin", scopeType: "jail", scopeValue: "old1" }]);
});
const PLAN_ID = "0123456789abcdef0123456789abcdef";

describe("jails.plan and jails.applyPlan", () => {
  it("refuses a viewer and an operator every plan and apply, even on the operator's own jail", async () => {
    for (const who of [viewer, operator]) {
      const refusals = [
        caller(who).jails.plan({ kind: "create", input: { name: "new1", template: "base" } }),
        caller(who).jails.plan({ kind: "change", input: { name: "www1", limits: { memoryBytes: 64 * 1024 * 1024 } } }),
        caller(who).jails.plan({ kind: "destroy", name: "www1" }),
        caller(who).jails.applyPlan({ name: "www1", planId: PLAN_ID, kind: "change" }),
        caller(who).jails.applyPlan({ name: "new1", planId: PLAN_ID, kind: "create" }),
        caller(who).jails.applyPlan({ name: "www1", planId: PLAN_ID, kind: "destroy", confirmName: "www1" }),
      ];
      for (const refusal of refusals) await expect(refusal).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const denied = await db().auditEvent.findMany({ where: { action: "jails.applyPlan", result: "denied" } });
    expect(denied.map((e) => e.actorName).sort()).toEqual(["looker", "looker", "looker", "wwwop", "wwwop", "wwwop"]);
  });

  it("gives an admin the agent's plan and audits it with the plan shown", async () => {
    const plan = await caller(admin).jails.plan({ kind: "change", input: { name: "old1", limits: { maxProcesses: 100 } } });
    expect(plan).toMatchObject({ kind: "change", jail: "old1", configPath: "/etc/jail.conf.d/old1.conf", commands: [] });
    expect(plan.effects).toEqual([{ field: "limits", when: "next-start" }]);
    expect(plan.configAfter).toContain('"maxProcesses":100');
    const event = await db().auditEvent.findFirst({ where: { action: "jails.plan", result: "ok" } });
    expect(event).toMatchObject({ actorName: "planner", target: "old1" });
    expect(JSON.parse(event!.details!)).toMatchObject({ kind: "change", plan: { id: plan.id, configAfter: plan.configAfter } });
  });

  it("audits a failed apply with the plan it tried (the recorded host refuses changes)", async () => {
    const plan = await caller(admin).jails.plan({ kind: "change", input: { name: "old1", tags: ["x"] } });
    await expect(caller(admin).jails.applyPlan({ name: "old1", planId: plan.id, kind: "change" })).rejects.toMatchObject({
      code: "NOT_IMPLEMENTED",
    });
    const event = await db().auditEvent.findFirst({ where: { action: "jails.applyPlan", result: "error" } });
    expect(JSON.parse(event!.details!)).toMatchObject({ planId: plan.id, plan: { id: plan.id, kind: "change" } });
  });

  it("plans a migration to unprivileged only for an admin of the whole host, never through jails.plan", async () => {
    await expect(caller(jailAdmin).jails.unprivilegePlan({ name: "old1" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(caller(jailAdmin).jails.applyPlan({ name: "old1", planId: PLAN_ID, kind: "unprivilege" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(caller(jailAdmin).jails.plan({ kind: "unprivilege", name: "old1" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    // The jail-scoped admin may still change the jail itself.
    await expect(caller(jailAdmin).jails.plan({ kind: "destroy", name: "old1" })).resolves.toMatchObject({ kind: "destroy" });
    await expect(caller(admin).jails.plan({ kind: "unprivilege", name: "old1" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // Past the permission check, the recorded FreeBSD host has no user namespaces to migrate into.
    await expect(caller(admin).jails.unprivilegePlan({ name: "old1" })).rejects.toMatchObject({ code: "NOT_IMPLEMENTED" });
  });

  it("refuses a destroy plan without the jail's name typed, and an applied or unknown plan as stale", async () => {
    const plan = await caller(admin).jails.plan({ kind: "destroy", name: "old1" });
    await expect(
      caller(admin).jails.applyPlan({ name: "old1", planId: plan.id, kind: "destroy", confirmName: "old" }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("Type the jail's name (old1)"),
    });
    await expect(
      caller(admin).jails.applyPlan({ name: "old1", planId: PLAN_ID, kind: "destroy", confirmName: "old1" }),
    ).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringMatching(/plan the change again/),
    });
  });

  it("refuses a jail name with shell characters as BAD_REQUEST, naming the rule", async () => {
    const refused = { code: "BAD_REQUEST", message: expect.stringContaining("Jail names are 1–63 letters") };
    await expect(caller(admin).jails.plan({ kind: "create", input: { name: "a;b", template: "base" } })).rejects.toMatchObject(refused);
    await expect(caller(admin).jails.applyPlan({ name: "a;b", planId: PLAN_ID, kind: "create" })).rejects.toMatchObject(refused);
  });
});
