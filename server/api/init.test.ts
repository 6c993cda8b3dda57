import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Caller } from "./init";

import { openRouterBed } from "./test-support/router-bed";

const { appRouter, contextFor, db, makeCaller } = await openRouterBed();
const { createCallerFactory, jailTarget, requirePermission, router } = await import("./init");

const testRouter = router({
  hostInfo: requirePermission("host.processes.view").query(() => "host"),
  jailInfo: requirePermission("jails.view", jailTarget)
    .input(z.object({ name: z.string() }))
    .query(({ input }) => input.name),
  restart: requirePermission("jails.power", jailTarget)
    .input(z.object({ name: z.string(), password: z.string().optional() }))
    .mutation(({ input }) => input.name),
  explode: requirePermission("jails.power", jailTarget)
    .input(z.object({ name: z.string() }))
    .mutation(() => {
      throw new TRPCError({ code: "CONFLICT", message: "jail is busy" });
    }),
});
const callerFor = createCallerFactory(testRouter);

let admin: Caller;
let operator: Caller;
let tagViewer: Caller;
const tags = { www1: ["web"], db1: ["db"], dev1: [] };

beforeAll(async () => {
  admin = await makeCaller("alice", [{ role: "admin", scopeType: "host", scopeValue: "local" }]);
  operator = await makeCaller("oscar", [{ role: "operator", scopeType: "jail", scopeValue: "dev1" }]);
  tagViewer = await makeCaller("vera", [{ role: "viewer", scopeType: "tag", scopeValue: "web" }]);
});

const lastAudit = () => db().auditEvent.findFirst({ orderBy: { at: "desc" } });

describe("requirePermission", () => {
  it("refuses a caller who is not signed in with UNAUTHORIZED", async () => {
    const caller = callerFor(contextFor(null, tags));
    await expect(caller.hostInfo()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(caller.restart({ name: "dev1" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("allows a host permission to an admin and refuses it to an operator with FORBIDDEN", async () => {
    await expect(callerFor(contextFor(admin, tags)).hostInfo()).resolves.toBe("host");
    await expect(callerFor(contextFor(operator, tags)).hostInfo()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("limits a jail-scoped grant to its jail", async () => {
    const caller = callerFor(contextFor(operator, tags));
    await expect(caller.restart({ name: "dev1" })).resolves.toBe("dev1");
    await expect(caller.restart({ name: "www1" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("matches a tag-scoped grant against the jail's tags", async () => {
    const caller = callerFor(contextFor(tagViewer, tags));
    await expect(caller.jailInfo({ name: "www1" })).resolves.toBe("www1");
    await expect(caller.jailInfo({ name: "db1" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(caller.restart({ name: "www1" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("refuses a malformed jail name with BAD_REQUEST before any check", async () => {
    const caller = callerFor(contextFor(admin, tags));
    await expect(caller.jailInfo({ name: "../etc" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("audits an allowed mutation with its input, passwords redacted", async () => {
    await callerFor(contextFor(operator, tags)).restart({ name: "dev1", password: "hunter2hunter2" });
    const event = await lastAudit();
    expect(event).toMatchObject({ actorName: "oscar", action: "restart", targetType: "jail", target: "dev1", result: "ok" });
    expect(event?.details).toContain("[redacted]");
    expect(event?.details).not.toContain("hunter2");
  });

  it("audits a refused mutation as denied", async () => {
    await expect(callerFor(contextFor(operator, tags)).restart({ name: "www1" })).rejects.toThrow();
    expect(await lastAudit()).toMatchObject({ actorName: "oscar", target: "www1", result: "denied" });
  });

  it("audits a failed mutation as error with its message", async () => {
    await expect(callerFor(contextFor(admin, tags)).explode({ name: "dev1" })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await lastAudit()).toMatchObject({ actorName: "alice", action: "explode", result: "error", message: "jail is busy" });
  });

  it("does not audit queries", async () => {
    const before = await db().auditEvent.count();
    await callerFor(contextFor(admin, tags)).jailInfo({ name: "dev1" });
    expect(await db().auditEvent.count()).toBe(before);
  });
});

describe("the app router", () => {
  it("has no procedure without a declared permission", () => {
    const procedures = Object.entries(appRouter._def.procedures) as unknown as [string, { _def: { meta?: { permission?: string } } }][];
    expect(procedures.length).toBeGreaterThan(0);
    const missing = procedures.filter(([, procedure]) => !procedure._def.meta?.permission).map(([path]) => path);
    expect(missing).toEqual([]);
  });
});
