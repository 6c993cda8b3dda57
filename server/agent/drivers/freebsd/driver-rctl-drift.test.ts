import { describe, expect, it } from "vitest";
import { actions, hostCalls, recordedHostRunner, testDriver } from "./driver-fixture";

const WWW1 = "/etc/jail.conf.d/www1.conf";

/** www1's definition limits memory to 2 GiB, 200 processes and 50% CPU; the recording's rules agree. */
function runnerWithHandEditedRules() {
  const runner = recordedHostRunner();
  // Someone ran `rctl -a jail:www1:memoryuse:deny=4294967296` and `rctl -r jail:www1:pcpu`.
  runner.on(["rctl", "jail:www1"], { stdout: "jail:www1:memoryuse:deny=4294967296\njail:www1:maxproc:deny=200\n" });
  // And gave db1 (memory only in its definition) a process limit.
  runner.on(["rctl", "jail:db1"], { stdout: "jail:db1:memoryuse:deny=8589934592\njail:db1:maxproc:deny=64\n" });
  return runner;
}

describe("drift of rctl rules against a jail's defined limits", () => {
  it("flags each resource whose rule differs, with both values", async () => {
    const jails = await testDriver(runnerWithHandEditedRules()).listJails();
    expect(jails.find((jail) => jail.name === "www1")?.drift).toEqual([
      { key: "rctl:memoryuse", defined: "2147483648", running: "4294967296" },
      { key: "rctl:pcpu", defined: "50", running: null },
    ]);
    expect(jails.find((jail) => jail.name === "db1")?.drift).toEqual([{ key: "rctl:maxproc", defined: null, running: "64" }]);
    expect(jails.find((jail) => jail.name === "dev1")?.drift).toEqual([]);
  });

  it("reverts with the exact rctl -r / rctl -a argv, the conf untouched", async () => {
    const runner = runnerWithHandEditedRules();
    const expected = [
      ["rctl", "-r", "jail:www1:memoryuse:deny"],
      ["rctl", "-a", "jail:www1:memoryuse:deny=2147483648"],
      ["rctl", "-a", "jail:www1:pcpu:deny=50"],
    ];
    for (const argv of expected) runner.on(argv, {});
    const driver = testDriver(runner);
    const plan = await driver.plan({ kind: "reconcile", name: "www1", keep: "definition" });
    expect(plan.shown).toMatchObject({ kind: "change", configPath: WWW1, effects: [{ field: "limits", when: "live" }] });
    expect(plan.shown.commands.map((command) => command.argv)).toEqual(expected);
    expect(plan.shown.configAfter).toBe(plan.shown.configBefore);
    await driver.apply(plan, { progress: () => {} });
    expect(actions(runner)).toEqual(expected);
    expect(hostCalls(runner).filter((call) => call.kind === "write")).toEqual([]);
  });

  it("reverts a rule the definition does not have by removing it", async () => {
    const runner = runnerWithHandEditedRules().on(["rctl", "-r", "jail:db1:maxproc:deny"], {});
    const driver = testDriver(runner);
    const plan = await driver.plan({ kind: "reconcile", name: "db1", keep: "definition" });
    await driver.apply(plan, { progress: () => {} });
    expect(actions(runner)).toEqual([["rctl", "-r", "jail:db1:maxproc:deny"]]);
  });

  it("accepts the host's rules instead: the definition's limits take the running values", async () => {
    const runner = runnerWithHandEditedRules();
    const driver = testDriver(runner);
    const plan = await driver.plan({ kind: "reconcile", name: "www1", keep: "running" });
    expect(plan.shown.configAfter).toContain('"limits":{"memoryBytes":4294967296,"maxProcesses":200,"cpuPercent":null}');
    expect(plan.shown.commands.map((command) => command.argv)).toEqual([
      ["rctl", "-r", "jail:www1"],
      ["rctl", "-a", "jail:www1:memoryuse:deny=4294967296"],
      ["rctl", "-a", "jail:www1:maxproc:deny=200"],
    ]);
    runner.on(["rctl", "-r", "jail:www1"], {}).on(["rctl", "-a", "jail:www1:memoryuse:deny=4294967296"], {});
    runner.on(["rctl", "-a", "jail:www1:maxproc:deny=200"], {});
    await driver.apply(plan, { progress: () => {} });
    expect((await driver.listJails()).find((jail) => jail.name === "www1")).toMatchObject({
      limits: { memoryBytes: 4294967296, maxProcesses: 200, cpuPercent: null },
      drift: [],
    });
  });

  it("flags nothing where rctl cannot answer (RACCT disabled)", async () => {
    const runner = recordedHostRunner().on(["rctl", "jail:www1"], {
      exitCode: 1,
      stderr: "rctl: RACCT/RCTL present, but disabled; enable using kern.racct.enable=1 tunable\n",
    });
    expect((await testDriver(runner).listJails()).find((jail) => jail.name === "www1")?.drift).toEqual([]);
  });
});
