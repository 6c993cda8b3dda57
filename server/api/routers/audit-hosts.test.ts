import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRouterBed } from "../test-support/router-bed";

// Both hosts serve the recorded FreeBSD jails (www1 tagged web, db1, dev1): an event on one
// host's www1 must not be shown to someone who may audit only the other host's www1.
const { caller, makeCaller, db } = await openRouterBed({ agent: true });
const { makeHostCaller } = await import("../test-support/callers");
const { startRemoteHost } = await import("@/server/fleet/test-support/remote-host");

const HOST_B = "audit-b";
let hostB: Awaited<ReturnType<typeof startRemoteHost>>;

const event = (action: string, hostId: string | null, targetType: string, target: string) =>
  db().auditEvent.create({ data: { actorName: "someone", action, hostId, targetType, target, result: "ok" } });

beforeAll(async () => {
  hostB = await startRemoteHost(db(), HOST_B);
  await event("jails.restart", "local", "jail", "www1");
  await event("jails.restart", HOST_B, "jail", "www1");
  await event("jails.restart", HOST_B, "jail", "dev1");
  await event("host.refused", HOST_B, "host", HOST_B);
  await event("team.create", "local", "user", "newbie");
  await event("session.signIn", null, "session", "s1");
});
afterAll(() => hostB?.close());

type Listed = { hostId: string | null; action: string; target: string };
const rows = (events: Listed[]) => events.map((e) => `${e.hostId ?? "-"} ${e.action} ${e.target}`).sort();

describe("the audit log across hosts", () => {
  it("shows the web's admin every host's events, and filters by host", async () => {
    const admin = caller(await makeCaller("ah-admin", [{ role: "admin", scopeType: "host", scopeValue: "local" }]));
    expect(await admin.audit.list({ limit: 500 })).toHaveLength(6);
    expect((await admin.audit.hosts()).map((host) => host.id)).toEqual(["local", HOST_B]);
    expect(rows(await admin.audit.list({ limit: 500, host: HOST_B }))).toEqual([
      `${HOST_B} host.refused ${HOST_B}`,
      `${HOST_B} jails.restart dev1`,
      `${HOST_B} jails.restart www1`,
    ]);
    // This machine's events include the few that name no host.
    expect(rows(await admin.audit.list({ limit: 500, host: "local" }))).toEqual([
      "- session.signIn s1",
      "local jails.restart www1",
      "local team.create newbie",
    ]);
  });

  it("shows an operator of host B only host B's events, not this machine's", async () => {
    const onB = caller(await makeHostCaller("ah-bo", "operator", HOST_B, "host", HOST_B));
    expect((await onB.audit.hosts()).map((host) => host.id)).toEqual([HOST_B]);
    expect(rows(await onB.audit.list({ limit: 500 }))).toEqual([
      `${HOST_B} host.refused ${HOST_B}`,
      `${HOST_B} jails.restart dev1`,
      `${HOST_B} jails.restart www1`,
    ]);
  });

  it("keeps a jail grant's events on its own host", async () => {
    const onLocal = caller(await makeHostCaller("ah-lw", "operator", "local", "jail", "www1"));
    expect(rows(await onLocal.audit.list({ limit: 500 }))).toEqual(["local jails.restart www1"]);
    const onB = caller(await makeHostCaller("ah-bw", "operator", HOST_B, "jail", "www1"));
    expect(rows(await onB.audit.list({ limit: 500 }))).toEqual([`${HOST_B} jails.restart www1`]);
    const csv = (await onB.audit.exportCsv({})).csv.trim().split("\r\n");
    expect(csv.slice(1).map((line) => line.split(",").at(-1))).toEqual([HOST_B]);
  });

  it("a tag grant on every host shows the tagged jail's events on each host", async () => {
    const tagged = caller(await makeHostCaller("ah-tag", "operator", null, "tag", "web"));
    expect(rows(await tagged.audit.list({ limit: 500 }))).toEqual([`${HOST_B} jails.restart www1`, "local jails.restart www1"]);
    expect(rows(await tagged.audit.list({ limit: 500, host: "local" }))).toEqual(["local jails.restart www1"]);
  });

  it("refuses a viewer on another host, whose role has no audit permission", async () => {
    const viewer = caller(await makeHostCaller("ah-view", "viewer", HOST_B, "host", HOST_B));
    await expect(viewer.audit.list({ limit: 10 })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
