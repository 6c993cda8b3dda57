import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAgent, type RunningAgent } from "@/server/agent/agent";
import type { Viewer } from "../init";

const { openFreshDatabase } = await import("../test-support/database");
const database = await openFreshDatabase();
const { contextFor, makeViewer } = await import("../test-support/callers");
const { createCaller } = await import("../root");
const { db } = await import("@/server/db/prisma");

// A real agent over the recorded FreeBSD host (www1, db1, dev1 running; old1 stopped).
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stockade-jails-router-"));
const socket = path.join(dir, "agent.sock");
let agent: RunningAgent;
let admin: Viewer;
let wwwOperator: Viewer;

beforeAll(async () => {
  agent = await startAgent({
    config: {
      socketPath: socket,
      stateDir: path.join(dir, "state"),
      lxcPath: path.join(dir, "lxc"),
      bridge: "stkrt0",
      pool: "10.251.0.0/24",
      templateDir: path.join(dir, "templates"),
      socketGroup: null,
      driver: "freebsd",
      freebsdRecordedDir: null,
      logLevel: "silent",
    },
    log: pino({ level: "silent" }),
  });
  admin = await makeViewer("boss", [{ role: "admin", scopeType: "host", scopeValue: "local" }]);
  wwwOperator = await makeViewer("webop", [{ role: "operator", scopeType: "jail", scopeValue: "www1" }]);
});
afterAll(async () => {
  await agent?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  database.cleanup();
});

const caller = (viewer: Viewer) => createCaller(contextFor(viewer, {}, socket));

describe("jails and host routers over a real agent", () => {
  it("lists every jail to an admin and only granted jails to an operator", async () => {
    expect((await caller(admin).jails.list()).map((jail) => jail.name).sort()).toEqual(["db1", "dev1", "old1", "www1"]);
    expect((await caller(wwwOperator).jails.list()).map((jail) => jail.name)).toEqual(["www1"]);
  });

  it("hides host processes and other jails from the operator", async () => {
    const snapshot = await caller(wwwOperator).host.processes();
    expect(new Set(snapshot.processes.map((process) => process.jail))).toEqual(new Set(["www1"]));
    const all = await caller(admin).host.processes();
    expect(all.processes.some((process) => process.jail === null)).toBe(true);
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
