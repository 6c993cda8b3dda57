import { beforeAll, describe, expect, it } from "vitest";
import type { ProcessInfo } from "@/server/agent/protocol";
import type { Caller } from "../init";

import { openRouterBed } from "../test-support/router-bed";

const { caller, makeCaller } = await openRouterBed();
const { scopeNetwork, scopeSnapshot } = await import("../scope");

let admin: Caller;
let devOperator: Caller;

beforeAll(async () => {
  admin = await makeCaller("root1", [{ role: "admin", scopeType: "host", scopeValue: "local" }]);
  devOperator = await makeCaller("devop", [{ role: "operator", scopeType: "jail", scopeValue: "dev1" }]);
});

const proc = (pid: number, jail: string | null): ProcessInfo => ({
  pid,
  ppid: 1,
  jail,
  pidInJail: jail ? 1 : null,
  uid: 0,
  user: "root",
  state: "S",
  cpuPercent: 0,
  rssBytes: 0,
  startedAt: 0,
  command: "sh",
  args: "sh",
});
const snapshot = { takenAt: 1, processes: [proc(1, null), proc(10, "dev1"), proc(20, "www1")], jailAnchors: { dev1: 9, www1: 19 } };

describe("host data in the caller's scope", () => {
  it("shows an admin every process, and a jail operator only that jail's subtree", () => {
    const visible = new Set(["dev1"]);
    expect(scopeSnapshot({ caller: admin, hostId: "local" }, snapshot, visible).processes).toHaveLength(3);
    const scoped = scopeSnapshot({ caller: devOperator, hostId: "local" }, snapshot, visible);
    expect(scoped.processes.map((process) => process.pid)).toEqual([10]);
    expect(scoped.jailAnchors).toEqual({ dev1: 9 });
  });

  it("hides host interfaces and the pool from a jail operator", () => {
    const network = {
      interfaces: [
        { name: "eth0", up: true, addresses: [], jail: null },
        { name: "vethdev1", up: true, addresses: [], jail: "dev1" },
      ],
      pools: [{ cidr: "10.0.0.0/24", gateway: "10.0.0.1", interface: "br0", used: [], freeCount: 250, nextFree: "10.0.0.2" }],
      jailAddresses: [
        { jail: "dev1", family: "inet" as const, address: "10.0.0.2" },
        { jail: "www1", family: "inet" as const, address: "10.0.0.3" },
      ],
    };
    const scoped = scopeNetwork({ caller: devOperator, hostId: "local" }, network, new Set(["dev1"]));
    expect(scoped.interfaces.map((iface) => iface.name)).toEqual(["vethdev1"]);
    expect(scoped.pools).toEqual([]);
    expect(scoped.jailAddresses.map((entry) => entry.jail)).toEqual(["dev1"]);
  });

  it("says clearly and quickly when the agent is not running", async () => {
    const started = Date.now();
    await expect(caller(admin).host.info()).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      message: expect.stringContaining("agent is not reachable"),
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("refuses an operator's destroy with FORBIDDEN before asking the agent", async () => {
    await expect(caller(devOperator).jails.plan({ kind: "destroy", name: "dev1" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("refuses a destroy whose confirmation does not match", async () => {
    await expect(
      caller(admin).jails.applyPlan({ name: "dev1", kind: "destroy", planId: "0".repeat(32), confirmName: "dev" }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});
