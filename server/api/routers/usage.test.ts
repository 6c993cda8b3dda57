import { beforeAll, describe, expect, it } from "vitest";
import type { Usage } from "@/server/agent/protocol";
import type { Caller } from "../init";
import { openRouterBed } from "../test-support/router-bed";

const { caller, db, makeCaller } = await openRouterBed();
const { recordReport } = await import("@/server/usage/store");
const { webConfig } = await import("@/server/config");

let admin: Caller;
let hostViewer: Caller;
let wwwViewer: Caller;

const usage = (jail: string | null, cpuPercent: number): Usage => ({
  jail,
  cpuSeconds: 0,
  cpuPercent,
  memoryBytes: 1_000_000,
  memoryLimitBytes: null,
  processCount: 3,
  processLimit: null,
  oomKills: 0,
  refusedForks: 0,
});

beforeAll(async () => {
  admin = await makeCaller("usage-admin", [{ role: "admin", scopeType: "host", scopeValue: "local" }]);
  hostViewer = await makeCaller("usage-viewer", [{ role: "viewer", scopeType: "host", scopeValue: "local" }]);
  wwwViewer = await makeCaller("usage-www", [{ role: "viewer", scopeType: "jail", scopeValue: "www1" }]);
  const report = { takenAt: Date.now() - 1_000, host: usage(null, 40), jails: [usage("www1", 10), usage("db1", 20)] };
  await recordReport(db(), "local", report, webConfig().sampleSeconds);
});

describe("usage history", () => {
  it("gives a jail's history to whoever may view that jail, and refuses another jail", async () => {
    const history = await caller(wwwViewer).usage.history({ jail: "www1", range: "hour" });
    expect(history.points.map((point) => point.cpuPercent)).toEqual([10]);
    await expect(caller(wwwViewer).usage.history({ jail: "db1", range: "hour" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("gives the host's own history only with host.processes.view, declared on the procedure", async () => {
    const history = await caller(admin).usage.hostHistory({ range: "hour" });
    expect(history.points.map((point) => point.cpuPercent)).toEqual([40]);
    for (const who of [hostViewer, wwwViewer]) {
      await expect(caller(who).usage.hostHistory({ range: "hour" })).rejects.toMatchObject({
        code: "FORBIDDEN",
        message: expect.stringContaining("host.processes.view"),
      });
    }
  });
});
