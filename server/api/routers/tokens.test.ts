import { beforeAll, describe, expect, it } from "vitest";
import type { Caller } from "../init";
import { openRouterBed } from "../test-support/router-bed";

const { caller, db, makeCaller, tokenCaller: callerWithToken } = await openRouterBed({ agent: true });

let admin: Caller;

beforeAll(async () => {
  admin = await makeCaller("tokenadmin", [{ role: "admin", scopeType: "host", scopeValue: "local" }]);
});
const adminCaller = () => caller(admin);

describe("API tokens", () => {
  it("are shown once, stored only as a hash, and act with exactly their grant", async () => {
    const created = await adminCaller().tokens.create({ name: "deploy", role: "operator", scopeType: "jail", scopeValue: "www1" });
    expect(created.token).toMatch(/^stk_[A-Za-z0-9_-]{43}$/);
    const stored = await db().apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(JSON.stringify(stored)).not.toContain(created.token);
    expect(JSON.stringify(await adminCaller().tokens.list())).not.toContain(created.token);

    const caller = await callerWithToken(created.token);
    expect((await caller.jails.list()).map((jail) => jail.name)).toEqual(["www1"]);
    await expect(caller.jails.start({ name: "db1" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(caller.team.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    const denied = await db().auditEvent.findFirst({ where: { action: "jails.start", target: "db1" } });
    expect(denied).toMatchObject({ actorName: "tokenadmin (token deploy)", result: "denied" });
  });

  it("answer 401 with the reason when revoked, expired or unknown, and the refusal is audited", async () => {
    const revoked = await adminCaller().tokens.create({ name: "old", role: "viewer", scopeType: "host" });
    await adminCaller().tokens.revoke({ id: revoked.id });
    await expect((await callerWithToken(revoked.token)).jails.list()).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: 'The API token "old" was revoked.',
    });
    const expiring = await adminCaller().tokens.create({ name: "short", role: "viewer", scopeType: "host", expiresInDays: 1 });
    await db().apiToken.update({ where: { id: expiring.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect((await callerWithToken(expiring.token)).jails.list()).rejects.toThrow(/The API token "short" expired on/);
    await expect((await callerWithToken("stk_nonsense")).jails.list()).rejects.toThrow("This API token is not valid.");
    const refusals = await db().auditEvent.findMany({ where: { action: "token.refused" }, orderBy: { at: "asc" } });
    expect(refusals.map((event) => [event.actorName, event.result])).toEqual([
      ["tokenadmin (token old)", "denied"],
      ["tokenadmin (token short)", "denied"],
      ["unknown token", "denied"],
    ]);
  });

  it("refuse a token whose maker is disabled, and a grant-like mistake in a sentence", async () => {
    const created = await adminCaller().tokens.create({ name: "mine", role: "viewer", scopeType: "tag", scopeValue: "web" });
    await db().user.update({ where: { id: admin.id }, data: { disabled: true } });
    await expect((await callerWithToken(created.token)).jails.list()).rejects.toThrow(/belongs to a disabled user/);
    await db().user.update({ where: { id: admin.id }, data: { disabled: false } });
    await expect(adminCaller().tokens.create({ name: "x", role: "root" as never, scopeType: "host" })).rejects.toThrow(
      /Role must be one of/,
    );
  });

  it("are not made when their audit event cannot be written: the change and its event are one transaction", async () => {
    // A failing audit insert stands in for the database going away between the two writes.
    await db().$executeRawUnsafe(
      `CREATE TRIGGER pgdown_no_token_audit BEFORE INSERT ON "AuditEvent" WHEN NEW.action = 'tokens.create'
       BEGIN SELECT RAISE(ABORT, 'audit refused for the test'); END`,
    );
    try {
      await expect(adminCaller().tokens.create({ name: "unaudited", role: "viewer", scopeType: "host" })).rejects.toThrow(
        /auditEvent\.create/,
      );
    } finally {
      await db().$executeRawUnsafe(`DROP TRIGGER pgdown_no_token_audit`);
    }
    expect(await db().apiToken.count({ where: { name: "unaudited" } })).toBe(0);
  });
});
