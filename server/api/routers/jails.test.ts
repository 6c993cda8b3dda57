import { beforeAll, describe, expect, it } from "vitest";
import type { Caller } from "../init";
import { openRouterBed } from "../test-support/router-bed";

const { caller, db, makeCaller } = await openRouterBed({ agent: true });

let admin: Caller;
let wwwOperator: Caller;

beforeAll(async () => {
  admin = await makeCaller("boss", [{ role: "admin", scopeType: "host", scopeValue: "local" }]);
  wwwOperator = await makeCaller("webop", [{ role: "operator", scopeType: "jail", scopeValue: "www1" }]);
});

describe("jails and host routers over a real agent", () => {
  it("lists every jail to an admin and only granted jails to an operator", async () => {
    expect((await caller(admin).jails.list()).map((jail) => jail.name).sort()).toEqual([
      "backup1",
      "db1",
      "dev1",
      "mail1",
      "ns1",
      "old1",
      "proxy1",
      "www1",
    ]);
    expect((await caller(wwwOperator).jails.list()).map((jail) => jail.name)).toEqual(["www1"]);
  });

  it("hides host processes and other jails from the operator", async () => {
    const snapshot = await caller(wwwOperator).host.processes();
    expect(new Set(snapshot.processes.map((process) => process.jail))).toEqual(new Set(["www1"]));
    const all = await caller(admin).host.processes();
    expect(all.processes.some((process) => process.jail === null)).toBe(true);
  });

  it("withholds the host's own usage from the operator", async () => {
    const usage = await caller(wwwOperator).host.usage();
    expect(usage).toMatchObject({ host: null, hostVisible: false });
    expect(usage.jails.map((jail) => jail.jail)).toEqual(["www1"]);
    expect((await caller(admin).host.usage()).host).not.toBeNull();
  });

  it("refuses the operator a jail outside their grant", async () => {
    await expect(caller(wwwOperator).jails.get({ name: "db1" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(caller(wwwOperator).jails.get({ name: "www1" })).resolves.toMatchObject({ name: "www1", ipv4: ["192.0.2.11"] });
  });

  it("maps an agent refusal to a clear tRPC error and audits it as an error", async () => {
    await expect(caller(wwwOperator).jails.restart({ name: "www1" })).rejects.toMatchObject({
      code: "NOT_IMPLEMENTED",
      message: expect.stringMatching(/recorded/i),
    });
    const event = await db().auditEvent.findFirst({ where: { action: "jails.restart" } });
    expect(event).toMatchObject({ actorName: "webop", target: "www1", result: "error" });
  });
});
