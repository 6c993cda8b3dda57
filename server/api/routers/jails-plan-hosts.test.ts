import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Caller } from "../init";
import { openRouterBed } from "../test-support/router-bed";

// Creating a jail on another host, as the New jail page does with ?host=: the plan is that
// host's agent's (kept there under its id), and applying it goes to that agent only.
const { caller, makeCaller, db } = await openRouterBed({ agent: true });
const { startRemoteHost } = await import("@/server/fleet/test-support/remote-host");

const HOST_B = "plans-b";
let hostB: Awaited<ReturnType<typeof startRemoteHost>>;
let adminOfB: Caller;
let adminHere: Caller;

beforeAll(async () => {
  hostB = await startRemoteHost(db(), HOST_B);
  const user = await makeCaller("pb-admin", []);
  const grant = await db().grant.create({
    data: { userId: user.id, roleName: "admin", hostId: HOST_B, scopeType: "host", scopeValue: HOST_B },
  });
  adminOfB = { ...user, grants: [grant] };
  adminHere = await makeCaller("pl-admin", [{ role: "admin", scopeType: "host", scopeValue: "local" }]);
});
afterAll(() => hostB?.close());

const create = { kind: "create" as const, input: { name: "new1", template: "base" } };

describe("creating a jail on another host", () => {
  it("is planned by that host's agent for an admin of that host, and refused to an admin of this machine only", async () => {
    const plan = await caller(adminOfB).jails.plan({ host: HOST_B, ...create });
    expect(plan).toMatchObject({ kind: "create", jail: "new1" });
    await expect(caller(adminOfB).jails.plan(create)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(caller(adminHere).jails.plan({ host: HOST_B, ...create })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const audited = await db().auditEvent.findFirst({ where: { action: "jails.plan", result: "ok", actorName: "pb-admin" } });
    // A jail not made yet: the plan is on the host, audited with it.
    expect(audited).toMatchObject({ hostId: HOST_B, targetType: "host", target: HOST_B });
  });

  it("applies that host's plan on that host only: this machine's agent has no such plan", async () => {
    const plan = await caller(adminOfB).jails.plan({ host: HOST_B, ...create });
    const here = await caller(adminHere)
      .jails.applyPlan({ name: "new1", planId: plan.id, kind: "create" })
      .catch((error: unknown) => error);
    const there = await caller(adminOfB)
      .jails.applyPlan({ host: HOST_B, name: "new1", planId: plan.id, kind: "create" })
      .catch((e: unknown) => e);
    // Host B's agent found its plan and ran it (the recorded host refuses changes); this machine's did not know it.
    expect(there).toMatchObject({ code: "NOT_IMPLEMENTED", message: expect.stringContaining("new1") });
    expect(here).toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringContaining("This plan is unknown") });
    const applied = await db().auditEvent.findMany({ where: { action: "jails.applyPlan" }, orderBy: { at: "asc" } });
    expect(applied.map((event) => [event.actorName, event.hostId, event.target, event.result])).toEqual([
      ["pl-admin", "local", "local", "error"],
      ["pb-admin", HOST_B, HOST_B, "error"],
    ]);
  });
});
