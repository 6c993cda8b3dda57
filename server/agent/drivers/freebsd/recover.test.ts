import { describe, expect, it } from "vitest";
import { argvKey } from "../shared/recording-runner";
import { actions, hostCalls, JOURNAL_DIR, listingRead, recordedHostRunner, testDriver } from "./driver-fixture";
import type { RecordingRunner } from "./runner";

const CONF = (name: string) => `/etc/jail.conf.d/${name}.conf`;
const ROOT = (name: string) => `/usr/local/jails/${name}`;
const journalFiles = (runner: RecordingRunner) => [...runner.files.keys()].filter((f) => f.startsWith(JOURNAL_DIR));

/**
 * The agent dies while `argv` runs: the command never returns, so nothing after it runs and
 * nothing cleans up. Resolves once the driver has reached it.
 */
function dieAt(runner: RecordingRunner, argv: string[]): Promise<void> {
  const run = runner.run.bind(runner);
  return new Promise((reached) => {
    runner.run = async (command, options) => {
      if (argvKey(command) !== argvKey(argv)) return run(command, options);
      reached();
      return new Promise(() => {});
    };
  });
}

/** A new agent on the same host (the runner's files are the disk): recovery runs at its first list. */
async function restart(runner: RecordingRunner, run: RecordingRunner["run"]) {
  runner.run = run;
  runner.calls.length = 0;
  const driver = testDriver(runner);
  return { driver, jails: (await driver.listJails()).map((j) => j.name) };
}

describe("the FreeBSD journal: the agent killed between steps", () => {
  it("finishes an interrupted destroy with exactly the plan's remaining argv, the step in flight again", async () => {
    const runner = recordedHostRunner();
    const remaining = [
      ["chflags", "-R", "0", ROOT("www1")],
      ["rm", "-rf", ROOT("www1")],
    ];
    for (const argv of [["jail", "-f", CONF("www1"), "-r", "www1"], ["rctl", "-r", "jail:www1"], ...remaining]) runner.on(argv, {});
    const run = runner.run.bind(runner);
    const crashed = dieAt(runner, remaining[0]!);
    void testDriver(runner).destroyJail("www1");
    await crashed;
    expect(journalFiles(runner)).toEqual([`${JOURNAL_DIR}www1.json`]);

    await restart(runner, run);
    expect(hostCalls(runner).filter((c) => c.kind !== "run" || !listingRead(c.argv))).toEqual([
      ...remaining.map((argv) => ({ kind: "run", argv })),
      { kind: "remove", file: CONF("www1") },
    ]);
    // (The recorded jls still lists www1 running: the recording does not change; its conf is gone.)
    expect(runner.files.has(CONF("www1"))).toBe(false);
    expect(journalFiles(runner)).toEqual([]);
  });

  it("finishes an interrupted change: the conf it showed is on disk, the rest of its rctl rules are added", async () => {
    const runner = recordedHostRunner();
    const rules = ["jail:www1:memoryuse:deny=1073741824", "jail:www1:maxproc:deny=200", "jail:www1:pcpu:deny=50"];
    for (const argv of [["rctl", "-r", "jail:www1"], ...rules.map((rule) => ["rctl", "-a", rule])]) runner.on(argv, {});
    const run = runner.run.bind(runner);
    const crashed = dieAt(runner, ["rctl", "-a", rules[1]!]);
    void testDriver(runner).changeJail({ name: "www1", limits: { memoryBytes: 1073741824 } });
    await crashed;
    const conf = runner.files.get(CONF("www1"));
    expect(conf).toContain("1073741824");

    const { driver } = await restart(runner, run);
    expect(actions(runner)).toEqual([
      ["rctl", "-a", rules[1]!],
      ["rctl", "-a", rules[2]!],
    ]);
    expect(runner.files.get(CONF("www1"))).toBe(conf);
    expect((await driver.listJails()).find((j) => j.name === "www1")?.limits.memoryBytes).toBe(1073741824);
    expect(journalFiles(runner)).toEqual([]);
  });

  it("rolls back an interrupted create with exactly the rollback argv: its root goes, no conf is left", async () => {
    const runner = recordedHostRunner();
    const tar = ["tar", "-x", "-f", "/usr/local/jails/media/base.txz", "-C", ROOT("web2")];
    runner.on(["mkdir", ROOT("web2")], {}).on(tar, {});
    runner.on(["chflags", "-R", "0", ROOT("web2")], {}).on(["rm", "-rf", ROOT("web2")], {});
    const run = runner.run.bind(runner);
    const crashed = dieAt(runner, tar);
    void testDriver(runner).createJail({ name: "web2", template: "base" }, () => {});
    await crashed;

    const { jails } = await restart(runner, run);
    expect(actions(runner)).toEqual([
      ["chflags", "-R", "0", ROOT("web2")],
      ["rm", "-rf", ROOT("web2")],
    ]);
    expect(jails).not.toContain("web2");
    expect(runner.files.has(CONF("web2"))).toBe(false);
    expect(journalFiles(runner)).toEqual([]);
  });

  it("keeps the journal, and the jail listed, when a step after the one in flight fails in recovery", async () => {
    const runner = recordedHostRunner();
    for (const argv of [
      ["jail", "-f", CONF("www1"), "-r", "www1"],
      ["rctl", "-r", "jail:www1"],
    ])
      runner.on(argv, {});
    runner.on(["chflags", "-R", "0", ROOT("www1")], {});
    runner.on(["rm", "-rf", ROOT("www1")], { exitCode: 1, stderr: "rm: /usr/local/jails/www1/dev: Device busy\n" });
    const run = runner.run.bind(runner);
    const crashed = dieAt(runner, ["chflags", "-R", "0", ROOT("www1")]);
    void testDriver(runner).destroyJail("www1");
    await crashed;

    const { jails } = await restart(runner, run);
    expect(jails).toContain("www1");
    expect(runner.files.has(CONF("www1"))).toBe(true);
    expect(journalFiles(runner)).toEqual([`${JOURNAL_DIR}www1.json`]);
  });

  it("runs nothing from a journal edited to run another program, and leaves it in place", async () => {
    const runner = recordedHostRunner();
    const entry = { kind: "destroy", name: "www1", configAfter: null, next: 0, made: [], startedAt: 0 };
    const steps = [{ type: "run", argv: ["sh", "-c", "reboot"], why: "x", onFailure: "fail" }];
    runner.files.set(`${JOURNAL_DIR}www1.json`, JSON.stringify({ ...entry, steps }));
    const { jails } = await restart(runner, runner.run.bind(runner));
    expect(actions(runner)).toEqual([]);
    expect(jails).toContain("www1");
    expect(journalFiles(runner)).toEqual([`${JOURNAL_DIR}www1.json`]);
  });
});
