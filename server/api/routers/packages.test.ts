import { beforeAll, describe, expect, it } from "vitest";
import type { Caller } from "../init";
import { openRouterBed } from "../test-support/router-bed";

const { caller, db, makeCaller } = await openRouterBed({ agent: true });

let admin: Caller;
let operator: Caller;
let viewer: Caller;

beforeAll(async () => {
  admin = await makeCaller("boss", [{ role: "admin", scopeType: "host", scopeValue: "local" }]);
  operator = await makeCaller("webop", [{ role: "operator", scopeType: "jail", scopeValue: "www1" }]);
  viewer = await makeCaller("watcher", [{ role: "viewer", scopeType: "host", scopeValue: "local" }]);
});

describe("jails.packages.install", () => {
  it("refuses a viewer and an operator of the jail, and audits the refusal", async () => {
    for (const who of [viewer, operator]) {
      await expect(caller(who).jails.packages.install({ name: "www1", packages: ["nginx"] })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const denied = await db().auditEvent.findMany({ where: { action: "jails.packages.install", result: "denied" } });
    expect(denied.map((e) => e.actorName).sort()).toEqual(["watcher", "webop"]);
  });

  it("refuses a bad package name before the agent is asked, naming the field", async () => {
    const error = await caller(admin)
      .jails.packages.install({ name: "www1", packages: ["nginx", "-f"] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    expect(JSON.stringify(error)).toContain("packages");
  });

  it("passes an admin's request to the agent (the recorded host refuses changes with its own message)", async () => {
    await expect(caller(admin).jails.packages.install({ name: "www1", packages: ["nginx"] })).rejects.toMatchObject({
      message: expect.stringMatching(/recorded/i),
    });
    const event = await db().auditEvent.findFirst({ where: { action: "jails.packages.install", actorName: "boss", result: "error" } });
    expect(event).toMatchObject({ target: "www1" });
  });
});
