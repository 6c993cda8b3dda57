import { describe, expect, it } from "vitest";
import { AgentError } from "../../protocol";
import { actions, recordedHostRunner, testDriver } from "./driver-fixture";

const BACKUP1 = "/usr/local/etc/jail.conf.d/backup1.conf";

describe("definition files the host will not let Stockade write", () => {
  it("says so in the plan of a jail whose file is immutable (uchg in stat -f %Sf) and refuses to apply it, running nothing", async () => {
    const runner = recordedHostRunner();
    const driver = testDriver(runner);
    const plan = await driver.plan({ kind: "change", input: { name: "backup1", parameters: { securelevel: 2 } } });
    expect(plan.shown.unwritable).toEqual([{ file: BACKUP1, reason: "the file is user immutable (uchg)" }]);
    expect(plan.shown.warnings).toContain(
      `${BACKUP1} cannot be written: the file is user immutable (uchg). Applying this plan is refused until that changes.`,
    );
    expect(runner.commands).toContainEqual(["stat", "-f", "%Sf", BACKUP1]);
    const refusal = await driver.apply(plan, { progress: () => {} }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AgentError);
    expect(refusal).toMatchObject({ code: "read_only", message: `${BACKUP1} cannot be written: the file is user immutable (uchg)` });
    expect(runner.calls.filter((call) => call.kind === "write")).toEqual([]);
    expect(actions(runner).filter((argv) => argv[0] === "jail")).toEqual([]);
  });

  it("flags a file on a read-only mount (mount -p), for a move too", async () => {
    const runner = recordedHostRunner().on(["mount", "-p"], {
      stdout: "/dev/ada0p2\t/\tufs\trw\t1\t1\n/dev/ada0p4\t/etc\tufs\tro\t2\t2\n",
    });
    const driver = testDriver(runner);
    const plan = await driver.plan({ kind: "move", name: "ns1" });
    expect(plan.shown.unwritable).toEqual([
      { file: "/etc/jail.conf.d/ns1.conf", reason: "it is on /etc, mounted read-only" },
      { file: "/etc/jail.conf", reason: "it is on /etc, mounted read-only" },
    ]);
    await expect(driver.apply(plan, { progress: () => {} })).rejects.toMatchObject({ code: "read_only" });
    expect(runner.calls.filter((call) => call.kind === "write")).toEqual([]);
  });

  it("lets a plan through where nothing is locked", async () => {
    const plan = await testDriver(recordedHostRunner()).plan({ kind: "change", input: { name: "ns1", parameters: { securelevel: 2 } } });
    expect(plan.shown.unwritable).toEqual([]);
  });
});
