import { beforeAll, describe, expect, it } from "vitest";
import type { Caller } from "../init";
import { openRouterBed } from "../test-support/router-bed";

const { caller, db, makeCaller } = await openRouterBed({ agent: true });

let admin: Caller;
let wwwOperator: Caller;
let viewer: Caller;

const event = (actor: Caller, target: string, at = new Date()) =>
  db().auditEvent.create({
    data: {
      actorId: actor.id,
      actorName: actor.username,
      action: "jails.restart",
      hostId: "local",
      targetType: "jail",
      target,
      result: "ok",
      at,
    },
  });

beforeAll(async () => {
  admin = await makeCaller("auditor", [{ role: "admin", scopeType: "host", scopeValue: "local" }]);
  wwwOperator = await makeCaller("wwwop", [{ role: "operator", scopeType: "jail", scopeValue: "www1" }]);
  viewer = await makeCaller("looker", [{ role: "viewer", scopeType: "host", scopeValue: "local" }]);
  await event(admin, "www1", new Date(1_000));
  await event(wwwOperator, "www1", new Date(2_000));
  // Many newer events the operator may not see must not push theirs off the page.
  for (let i = 0; i < 30; i++) await event(admin, "db1");
});

describe("audit router", () => {
  it("shows an admin every event", async () => {
    expect(await caller(admin).audit.list({ limit: 500 })).toHaveLength(32);
  });

  it("shows a jail operator their own and their jail's events, even past a page of others", async () => {
    const events = await caller(wwwOperator).audit.list({ limit: 10 });
    expect(events.map((e) => [e.actorName, e.target])).toEqual([
      ["wwwop", "www1"],
      ["auditor", "www1"],
    ]);
  });

  it("refuses a viewer, whose role has no audit permission", async () => {
    await expect(caller(viewer).audit.list({ limit: 10 })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("filters by user, jail, action, result and time range", async () => {
    const list = (filter: Parameters<ReturnType<typeof caller>["audit"]["list"]>[0]) => caller(admin).audit.list(filter);
    expect(await list({ limit: 500, actor: "wwwop" })).toHaveLength(1);
    expect(await list({ limit: 500, jail: "www1" })).toHaveLength(2);
    expect(await list({ limit: 500, action: "jails." })).toHaveLength(32);
    expect(await list({ limit: 500, action: "team." })).toHaveLength(0);
    expect(await list({ limit: 500, result: "denied" })).toHaveLength(0);
    expect(await list({ limit: 500, from: new Date(1_500), to: new Date(2_500) })).toHaveLength(1);
  });

  it("exports exactly the rows the filtered list shows, in the caller's scope", async () => {
    const listed = await caller(wwwOperator).audit.list({ limit: 500 });
    const exported = await caller(wwwOperator).audit.exportCsv({});
    const lines = exported.csv.trim().split("\r\n");
    expect(lines[0]).toBe("at,actor_id,actor,action,target_type,target,result,message,details,host");
    expect(lines.slice(1).map((line) => line.split(",").slice(2, 6).join(" "))).toEqual(
      listed.map((e) => `${e.actorName} ${e.action} ${e.targetType} ${e.target}`),
    );
    await expect(caller(viewer).audit.exportCsv({})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
