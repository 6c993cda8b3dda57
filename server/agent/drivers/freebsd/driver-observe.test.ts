import { describe, expect, it } from "vitest";
import {
  agentEventSchema,
  hostInfoSchema,
  networkInfoSchema,
  processSnapshotSchema,
  usageReportSchema,
  type AgentEvent,
} from "../../protocol";
import { actions, fakeClock, recordedHostRunner, testDriver } from "./driver-fixture";
import { createRecordedFreebsdDriver } from "./recorded";
import { fixture } from "./test-support";

describe("observation", () => {
  it("reports host info with kernel accounting when kern.racct.enable is 1", async () => {
    const info = hostInfoSchema.parse(await testDriver(recordedHostRunner()).hostInfo());
    expect(info).toMatchObject({
      hostname: "fbsd1.example.org",
      os: "FreeBSD 14.2-RELEASE-p1",
      driver: "freebsd",
      cpuCount: 8,
      accounting: "kernel",
      recorded: false,
    });
  });

  it("takes usage from rctl -u and rule limits per running jail", async () => {
    const runner = recordedHostRunner();
    const report = usageReportSchema.parse(await testDriver(runner).usage());
    expect(report.jails.map((j) => j.jail)).toEqual(["db1", "dev1", "www1"]);
    expect(report.jails[2]).toMatchObject({
      cpuSeconds: 412,
      memoryBytes: 43728896,
      memoryLimitBytes: 2147483648,
      processCount: 5,
      processLimit: 200,
      cpuPercent: 4,
    });
    expect(report.host.processCount).toBe(19);
    expect(actions(runner)).toContainEqual(["rctl", "-u", "jail:www1"]);
  });

  it("sums ps per jail when accounting is off", async () => {
    const runner = recordedHostRunner();
    runner.on(["sysctl", "-n", "kern.racct.enable"], { exitCode: 1, stderr: fixture("sysctl-no-racct.stderr") });
    const driver = testDriver(runner);
    expect((await driver.hostInfo()).accounting).toBe("summed-from-processes");
    const report = usageReportSchema.parse(await driver.usage());
    expect(report.jails.find((j) => j.jail === "db1")).toMatchObject({
      processCount: 4,
      memoryBytes: (3072 + 262144 + 40960 + 81920) * 1024,
      memoryLimitBytes: 8589934592,
    });
    expect(actions(runner).some((argv) => argv[0] === "rctl")).toBe(false);
  });

  it("snapshots processes with jail attribution and no anchors", async () => {
    const snapshot = processSnapshotSchema.parse(await testDriver(recordedHostRunner()).processSnapshot());
    expect(snapshot.jailAnchors).toEqual({});
    expect(snapshot.processes.find((p) => p.pid === 1450)).toMatchObject({ jail: "db1", user: "770", uid: 770, pidInJail: null });
    expect(snapshot.processes.find((p) => p.pid === 1)?.jail).toBeNull();
  });

  it("describes interfaces, jail addresses and the pool", async () => {
    const info = networkInfoSchema.parse(await testDriver(recordedHostRunner()).network());
    expect(info.interfaces.map((i) => [i.name, i.up])).toEqual([
      ["em0", true],
      ["em1", false],
      ["lo0", true],
    ]);
    expect(info.jailAddresses).toContainEqual({ jail: "dev1", family: "inet6", address: "2001:db8::22" });
    expect(info.jailAddresses).toContainEqual({ jail: "old1", family: "inet", address: "192.0.2.14" });
    // Adopted jails' addresses count as taken: /etc/jail.conf's ns1, mail1, backup1 and Bastille's proxy1.
    expect(info.jailAddresses).toContainEqual({ jail: "proxy1", family: "inet", address: "192.0.2.88" });
    expect(info.pools[0]).toMatchObject({ cidr: "192.0.2.0/24", interface: "em0", nextFree: "192.0.2.2", freeCount: 254 - 6 - 4 });
  });
});

describe("events", () => {
  it("diffs listJails on each tick into created, state and destroyed events", async () => {
    const runner = recordedHostRunner();
    const clock = fakeClock();
    const driver = testDriver(runner, clock);
    const events: AgentEvent[] = [];
    const unsubscribe = driver.subscribe((e) => events.push(agentEventSchema.parse(e)));
    await new Promise((r) => setTimeout(r, 10));
    const oldConf = runner.files.get("/etc/jail.conf.d/old1.conf")!;
    runner.files.delete("/etc/jail.conf.d/old1.conf");
    runner.files.set("/etc/jail.conf.d/new1.conf", oldConf.replaceAll("old1", "new1"));
    clock.tick();
    await new Promise((r) => setTimeout(r, 10));
    expect(events.map((e) => [e.type, "jail" in e ? e.jail : ""])).toEqual([
      ["jail.created", "new1"],
      ["jail.state", "new1"],
      ["jail.destroyed", "old1"],
    ]);
    unsubscribe();
  });
});

describe("recorded host", () => {
  it("serves the recorded reads and refuses changes", async () => {
    const driver = createRecordedFreebsdDriver();
    expect((await driver.listJails()).map((j) => j.name)).toEqual(["backup1", "db1", "dev1", "mail1", "ns1", "old1", "proxy1", "www1"]);
    expect((await driver.hostInfo()).recorded).toBe(true);
    expect((await driver.usage()).jails).toHaveLength(3);
    expect((await driver.network()).pools).toHaveLength(1);
    expect((await driver.processSnapshot()).processes.length).toBeGreaterThanOrEqual(15);
    await expect(driver.startJail("old1")).rejects.toMatchObject({ code: "unsupported" });
    await expect(driver.changeJail({ name: "www1", tags: ["x"] })).rejects.toMatchObject({ code: "unsupported" });
  });
});
