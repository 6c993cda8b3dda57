import { describe, expect, it } from "vitest";
import { buildTree } from "@/app/_components/process-tree/tree-model";
import { applyDelta } from "@/shared/process-delta";
import { BENCH_JAILS, BENCH_PROCESSES, SyntheticFeed, syntheticSnapshot } from "./synthetic";

describe("synthetic host", () => {
  it("has 5,000 processes, 5 anchored jails, and is the same every time", () => {
    const snapshot = syntheticSnapshot();
    expect(snapshot.processes).toHaveLength(BENCH_PROCESSES);
    expect(Object.keys(snapshot.jailAnchors)).toEqual([...BENCH_JAILS]);
    expect(new Set(snapshot.processes.map((p) => p.pid)).size).toBe(BENCH_PROCESSES);
    expect(syntheticSnapshot()).toEqual(snapshot);
    expect(buildTree(snapshot).roots).toHaveLength(1);
  });

  it("ticks as deltas: few rows change, the rest keep their identity, and the tree stays whole", () => {
    const feed = new SyntheticFeed(syntheticSnapshot());
    let snapshot = syntheticSnapshot();
    for (let tick = 0; tick < 200; tick++) {
      const before = snapshot;
      snapshot = applyDelta(before, feed.next());
      const old = new Map(before.processes.map((p) => [p.pid, p]));
      expect(snapshot.processes.filter((p) => old.get(p.pid) === p).length).toBeGreaterThan(BENCH_PROCESSES - 60);
      expect(snapshot.processes.filter((p) => !old.has(p.pid))).toHaveLength(3);
    }
    expect(snapshot.processes).toHaveLength(BENCH_PROCESSES);
    const pids = new Set(snapshot.processes.map((p) => p.pid));
    expect(pids.size).toBe(BENCH_PROCESSES);
    // Only leaves exit: every parent is still there.
    expect(snapshot.processes.every((p) => p.ppid === 0 || pids.has(p.ppid))).toBe(true);
    expect(buildTree(snapshot).roots).toHaveLength(1);
  });
});
