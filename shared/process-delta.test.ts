import { describe, expect, it } from "vitest";
import type { ProcessInfo, ProcessSnapshot } from "@/server/agent/protocol/host";
import { applyDelta, changesBetween, diffSnapshots } from "./process-delta";

const proc = (pid: number, cpuPercent = 0, jail: string | null = null): ProcessInfo => ({
  pid,
  ppid: 1,
  jail,
  pidInJail: null,
  uid: 0,
  user: "root",
  state: "S",
  cpuPercent,
  rssBytes: 1024,
  startedAt: 1000,
  command: `p${pid}`,
  args: `p${pid} --flag`,
});
const snap = (processes: ProcessInfo[], jailAnchors: Record<string, number> = {}, takenAt = 1): ProcessSnapshot => ({
  takenAt,
  processes,
  jailAnchors,
});

describe("process deltas", () => {
  it("sends only changed, new and removed processes", () => {
    const previous = snap([proc(1), proc(2), proc(3)]);
    const next = snap([proc(1), proc(2, 50), proc(4)], {}, 2);
    const delta = diffSnapshots(previous, next, 7);
    expect(delta.upserts.map((process) => process.pid)).toEqual([2, 4]);
    expect(delta.removed).toEqual([3]);
    expect(delta.jailAnchors).toBeUndefined();
    expect(delta.seq).toBe(7);
  });

  it("rebuilds the next snapshot exactly and keeps unchanged rows by identity", () => {
    const previous = snap([proc(1), proc(2), proc(3)], { web: 9 });
    const next = snap([proc(1), proc(2, 50), proc(4)], { web: 9, db: 10 }, 2);
    const rebuilt = applyDelta(previous, diffSnapshots(previous, next, 1));
    expect(rebuilt.processes.map((process) => [process.pid, process.cpuPercent])).toEqual([
      [1, 0],
      [2, 50],
      [4, 0],
    ]);
    expect(rebuilt.processes[0]).toBe(previous.processes[0]);
    expect(rebuilt.jailAnchors).toEqual({ web: 9, db: 10 });
    expect(rebuilt.takenAt).toBe(2);
  });

  it("leaves alone the processes whose pids share an edited pid's slot in its filter, call after call", () => {
    // 5, 65541 and 131077 are equal modulo 2^16; so are 7 and 65543.
    const previous = snap([proc(5), proc(65541), proc(131077), proc(7)]);
    const once = applyDelta(previous, { seq: 1, takenAt: 2, upserts: [proc(65541, 30)], removed: [131077] });
    expect(once.processes.map((process) => [process.pid, process.cpuPercent])).toEqual([
      [5, 0],
      [65541, 30],
      [7, 0],
    ]);
    expect(once.processes[0]).toBe(previous.processes[0]);
    const twice = applyDelta(once, { seq: 2, takenAt: 3, upserts: [proc(65543, 10)], removed: [] });
    expect(twice.processes.map((process) => process.pid)).toEqual([5, 65541, 7, 65543]);
    expect(twice.processes[2]).toBe(previous.processes[3]);
  });

  it("is empty when nothing changed", () => {
    const previous = snap([proc(1), proc(2)]);
    const delta = diffSnapshots(previous, snap([proc(1), proc(2)]), 1);
    expect(delta.upserts).toEqual([]);
    expect(delta.removed).toEqual([]);
  });

  it("carries an unmanaged container's mark and the containers only when they change, and their removal", () => {
    const legacy = { name: "legacy", lxcPath: "/var/lib/lxc", initPid: 2, anchor: 1 };
    const previous = snap([proc(1), proc(2)]);
    const next: ProcessSnapshot = { ...snap([proc(1), { ...proc(2), container: "legacy" }]), unmanagedContainers: { legacy } };
    const delta = diffSnapshots(previous, next, 1);
    expect(delta.upserts.map((process) => process.pid)).toEqual([2]);
    const rebuilt = applyDelta(previous, delta);
    expect(rebuilt).toEqual(next);
    expect(diffSnapshots(next, { ...next }, 2).unmanagedContainers).toBeUndefined();
    const gone = applyDelta(rebuilt, diffSnapshots(next, previous, 2));
    expect(gone.unmanagedContainers).toBeUndefined();
    expect(gone.processes[1]?.container).toBeUndefined();
  });

  it("finds the changes between two lists, in applyDelta's order or any other", () => {
    const [a, b, c, d] = [proc(1), proc(2), proc(3), proc(4)];
    const b2 = proc(2, 50);
    const pids = (changes: ReturnType<typeof changesBetween>) => ({
      added: changes.added.map((p) => p.pid),
      changed: changes.changed.map(([before, after]) => [before.pid, before.cpuPercent, after.cpuPercent]),
      removed: changes.removed.map((p) => p.pid).sort(),
    });
    const next = applyDelta(snap([a, b, c]), { seq: 1, takenAt: 2, upserts: [b2, d], removed: [1] });
    expect(pids(changesBetween([a, b, c], next.processes))).toEqual({ added: [4], changed: [[2, 0, 50]], removed: [1] });
    expect(pids(changesBetween([a, b, c], [d, c, b2]))).toEqual({ added: [4], changed: [[2, 0, 50]], removed: [1] });
    expect(pids(changesBetween([a, b, c], [a, b, c]))).toEqual({ added: [], changed: [], removed: [] });
    expect(pids(changesBetween([], [a]))).toEqual({ added: [1], changed: [], removed: [] });
  });
});
