import { describe, expect, it } from "vitest";
import { actions, recordedHostRunner, testDriver } from "./driver-fixture";

async function aProcess(jail: string | null) {
  const snapshot = await testDriver(recordedHostRunner()).processSnapshot();
  const process = snapshot.processes.find((p) => p.jail === jail && p.pid !== 1);
  if (!process) throw new Error(`the recorded host has no process ${jail === null ? "on the host" : `in ${jail}`}`);
  return process;
}

describe("signalling a process (FreeBSD)", () => {
  it("runs kill -s SIGNAL PID after checking the pid is still in the named jail", async () => {
    const target = await aProcess("www1");
    const runner = recordedHostRunner();
    runner.on(["kill", "-s", "TERM", String(target.pid)], {});
    await testDriver(runner).signalProcess({ pid: target.pid, jail: "www1", startedAt: target.startedAt, signal: "TERM" });
    expect(actions(runner).at(-1)).toEqual(["kill", "-s", "TERM", String(target.pid)]);
  });

  it("refuses a pid that is in another jail, on the host, or started at another time, running no kill", async () => {
    const inDb = await aProcess("db1");
    const onHost = await aProcess(null);
    const runner = recordedHostRunner();
    const driver = testDriver(runner);
    await expect(driver.signalProcess({ pid: inDb.pid, jail: "www1", startedAt: inDb.startedAt, signal: "KILL" })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("in jail db1"),
    });
    await expect(
      driver.signalProcess({ pid: onHost.pid, jail: "www1", startedAt: onHost.startedAt, signal: "KILL" }),
    ).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("a host process"),
    });
    await expect(driver.signalProcess({ pid: inDb.pid, jail: null, startedAt: inDb.startedAt, signal: "HUP" })).rejects.toMatchObject({
      code: "conflict",
    });
    await expect(
      driver.signalProcess({ pid: inDb.pid, jail: "db1", startedAt: inDb.startedAt + 1000, signal: "INT" }),
    ).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("different process"),
    });
    await expect(driver.signalProcess({ pid: 999_999, jail: "db1", startedAt: 0, signal: "TERM" })).rejects.toMatchObject({
      code: "not_found",
    });
    expect(actions(runner).some((argv) => argv[0] === "kill")).toBe(false);
  });

  it("reports a failed kill as the tool's error", async () => {
    const target = await aProcess("www1");
    const runner = recordedHostRunner();
    runner.on(["kill", "-s", "KILL", String(target.pid)], { exitCode: 1, stderr: `kill: ${target.pid}: No such process` });
    await expect(
      testDriver(runner).signalProcess({ pid: target.pid, jail: "www1", startedAt: target.startedAt, signal: "KILL" }),
    ).rejects.toMatchObject({ code: "engine_failed", message: expect.stringContaining("No such process") });
  });
});
