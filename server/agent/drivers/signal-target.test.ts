import { describe, expect, it } from "vitest";
import type { ProcessInfo, ProcessSnapshot } from "../protocol";
import { checkSignalTarget } from "./signal-target";

const proc = (pid: number, jail: string | null, startedAt: number): ProcessInfo => ({
  pid,
  ppid: 1,
  jail,
  pidInJail: null,
  uid: 0,
  user: "root",
  state: "S",
  cpuPercent: 0,
  rssBytes: 0,
  startedAt,
  command: "sleep",
  args: "sleep 60",
});

const snapshot: ProcessSnapshot = { takenAt: 0, processes: [proc(1, null, 10), proc(40, null, 20), proc(50, "web1", 30)], jailAnchors: {} };

describe("checkSignalTarget", () => {
  it("accepts the process the caller saw", () => {
    expect(() => checkSignalTarget(snapshot, { pid: 50, jail: "web1", startedAt: 30, signal: "TERM" }, 9)).not.toThrow();
    expect(() => checkSignalTarget(snapshot, { pid: 40, jail: null, startedAt: 20, signal: "HUP" }, 9)).not.toThrow();
  });

  it("refuses a pid reused by a process that started later", () => {
    expect(() => checkSignalTarget(snapshot, { pid: 50, jail: "web1", startedAt: 29, signal: "TERM" }, 9)).toThrow(/different process/);
  });

  it("refuses a jail process named as a host process and the reverse", () => {
    expect(() => checkSignalTarget(snapshot, { pid: 50, jail: null, startedAt: 30, signal: "KILL" }, 9)).toThrow(/in jail web1/);
    expect(() => checkSignalTarget(snapshot, { pid: 40, jail: "web1", startedAt: 20, signal: "KILL" }, 9)).toThrow(/host process/);
  });

  it("refuses the host's init and the agent itself", () => {
    expect(() => checkSignalTarget(snapshot, { pid: 1, jail: null, startedAt: 10, signal: "TERM" }, 9)).toThrow(/init/);
    expect(() => checkSignalTarget(snapshot, { pid: 40, jail: null, startedAt: 20, signal: "TERM" }, 40)).toThrow(/itself/);
  });

  it("refuses a process of an LXC container Stockade does not manage", () => {
    const foreign: ProcessSnapshot = {
      ...snapshot,
      processes: [{ ...proc(60, null, 40), container: "legacy-1" }],
      unmanagedContainers: { "legacy-1": { name: "legacy", lxcPath: "/var/lib/lxc", initPid: 60, anchor: null } },
    };
    expect(() => checkSignalTarget(foreign, { pid: 60, jail: null, startedAt: 40, signal: "KILL" }, 9)).toThrow(
      /container legacy, which Stockade does not manage/,
    );
  });

  it("says a vanished process is gone", () => {
    expect(() => checkSignalTarget(snapshot, { pid: 77, jail: "web1", startedAt: 1, signal: "INT" }, 9)).toThrow(/gone/);
  });
});
