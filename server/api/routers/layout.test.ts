import { beforeAll, describe, expect, it } from "vitest";
import type { Caller } from "../init";
import { openRouterBed } from "../test-support/router-bed";

const { caller, db, makeCaller } = await openRouterBed({ agent: true });

let admin: Caller;
let operator: Caller;
let viewer: Caller;

beforeAll(async () => {
  admin = await makeCaller("boss", [{ role: "admin", scopeType: "host", scopeValue: "local" }]);
  operator = await makeCaller("oper", [{ role: "operator", scopeType: "host", scopeValue: "local" }]);
  viewer = await makeCaller("watcher", [{ role: "viewer", scopeType: "host", scopeValue: "local" }]);
});

describe("the example layout's procedures", () => {
  it("refuses a viewer and an operator, and audits both refusals", async () => {
    for (const who of [viewer, operator]) {
      await expect(caller(who).layout.create({})).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller(who).layout.remove()).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller(who).layout.progress({ id: "0123456789abcdef" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const denied = await db().auditEvent.count({ where: { action: { in: ["layout.create", "layout.remove"] }, result: "denied" } });
    expect(denied).toBe(4);
  });

  it("describes seven jails with their services to an admin", async () => {
    const jails = await caller(admin).layout.describe();
    expect(jails.map((j) => `${j.role}:${j.service.name}`)).toEqual([
      "www1:http",
      "www2:http",
      "www3:http",
      "dns1:dns",
      "files1:http",
      "dev1:ssh",
      "dev2:ssh",
    ]);
  });

  it("says clearly why the recorded FreeBSD host cannot take the layout", async () => {
    await expect(caller(admin).layout.create({})).rejects.toMatchObject({
      code: "NOT_IMPLEMENTED",
      message: expect.stringMatching(/busybox and debian template/),
    });
  });

  it("refuses a malformed SSH key before anything is created", async () => {
    await expect(caller(admin).layout.create({ sshPublicKey: "ssh-ed25519 AAAA\ncommand=evil" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("says a build it does not know is not found", async () => {
    await expect(caller(admin).layout.progress({ id: "0123456789abcdef" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("removes nothing on a host without the layout's tagged jails", async () => {
    expect(await caller(admin).layout.remove()).toEqual({ removed: [] });
  });
});
