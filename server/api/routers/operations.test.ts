import { beforeAll, describe, expect, it } from "vitest";
import type { ProcessInfo } from "@/server/agent/protocol";
import type { Caller } from "../init";
import { openRouterBed } from "../test-support/router-bed";

const { caller, db, makeCaller } = await openRouterBed({ agent: true });

let admin: Caller;
let operator: Caller;
let viewer: Caller;

beforeAll(async () => {
  admin = await makeCaller("rootadmin", [{ role: "admin", scopeType: "host", scopeValue: "local" }]);
  operator = await makeCaller("wwwop", [
    { role: "operator", scopeType: "jail", scopeValue: "www1" },
    { role: "viewer", scopeType: "jail", scopeValue: "db1" },
  ]);
  viewer = await makeCaller("watcher", [{ role: "viewer", scopeType: "host", scopeValue: "local" }]);
});
const signalOf = (process: ProcessInfo) => ({
  pid: process.pid,
  jail: process.jail,
  startedAt: process.startedAt,
  signal: "TERM" as const,
});

async function processIn(jail: string | null): Promise<ProcessInfo> {
  const found = (await caller(admin).host.processes()).processes.find((p) => p.jail === jail && p.pid !== 1);
  if (!found) throw new Error(`no process ${jail ?? "on the host"}`);
  return found;
}

describe("what the caller may do per jail", () => {
  it("lists each visible jail's permissions", async () => {
    const allowed = await caller(operator).jails.allowed();
    expect(Object.keys(allowed.jails).sort()).toEqual(["db1", "www1"]);
    expect(allowed.jails["www1"]).toEqual(expect.arrayContaining(["jails.power", "processes.signal"]));
    expect(allowed.jails["www1"]).not.toContain("jails.manage");
    expect(allowed.jails["db1"]).not.toContain("jails.power");
    expect(allowed.host).toEqual([]);
    expect((await caller(admin).jails.allowed()).host).toContain("jails.manage");
  });
});

describe("bulk start / stop / restart", () => {
  it("refuses a viewer outright", async () => {
    await expect(caller(viewer).jails.bulk({ action: "stop", names: ["www1"] })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("checks and audits every jail on its own and goes on after a failure", async () => {
    const results = await caller(operator).jails.bulk({ action: "restart", names: ["db1", "www1", "dev1"] });
    expect(results).toEqual([
      expect.objectContaining({ jail: "db1", result: "denied" }),
      // The recorded host refuses every change: a failure with the agent's own message.
      expect.objectContaining({ jail: "www1", result: "failed", message: expect.stringMatching(/recorded/i) }),
      // Not visible to this operator: reported as unknown, never revealed.
      expect.objectContaining({ jail: "dev1", result: "failed", message: "No jail named dev1." }),
    ]);
    const events = await db().auditEvent.findMany({ where: { actorName: "wwwop", action: "jails.restart" } });
    expect(events.map((event) => [event.target, event.result]).sort()).toEqual([
      ["db1", "denied"],
      ["www1", "error"],
    ]);
  });

  it("takes every jail carrying a tag", async () => {
    const tagged = (await caller(admin).jails.list()).filter((jail) => jail.tags.length > 0);
    const tag = tagged[0]?.tags[0];
    if (!tag) throw new Error("the recorded host has no tagged jail");
    const results = await caller(admin).jails.bulk({ action: "start", tag });
    expect(results.map((r) => r.jail).sort()).toEqual(
      tagged
        .filter((jail) => jail.tags.includes(tag))
        .map((j) => j.name)
        .sort(),
    );
  });
});

describe("processes.signal", () => {
  it("refuses a viewer, and an operator outside their jails or on the host", async () => {
    const www = await processIn("www1");
    const dbProcess = await processIn("db1");
    const host = await processIn(null);
    await expect(caller(viewer).processes.signal(signalOf(www))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(caller(operator).processes.signal(signalOf(dbProcess))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(caller(operator).processes.signal(signalOf(host))).rejects.toMatchObject({ code: "FORBIDDEN" });
    const denied = await db().auditEvent.findMany({ where: { action: "processes.signal", result: "denied" } });
    expect(denied.map((event) => event.target)).toEqual(expect.arrayContaining(["db1", "local"]));
  });

  it("lets an operator in scope and an admin on the host through to the agent", async () => {
    // Permission passed: the recorded host itself refuses to run kill.
    await expect(caller(operator).processes.signal(signalOf(await processIn("www1")))).rejects.toMatchObject({
      code: "NOT_IMPLEMENTED",
      message: expect.stringMatching(/recorded/i),
    });
    await expect(caller(admin).processes.signal(signalOf(await processIn(null)))).rejects.toMatchObject({ code: "NOT_IMPLEMENTED" });
    // Naming the host (as a page of one host does) reaches the same agent.
    await expect(caller(admin).processes.signal({ host: "local", ...signalOf(await processIn(null)) })).rejects.toMatchObject({
      code: "NOT_IMPLEMENTED",
    });
  });

  it("passes the agent's refusal of a pid that is not in the named jail", async () => {
    const dbProcess = await processIn("db1");
    await expect(caller(operator).processes.signal({ ...signalOf(dbProcess), jail: "www1" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("is not in jail www1"),
    });
  });
});
