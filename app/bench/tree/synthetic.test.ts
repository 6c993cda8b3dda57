import { describe, expect, it } from "vitest";
import { buildTree } from "@/app/_components/process-tree/tree-model";
import { BENCH_JAILS, BENCH_PROCESSES, syntheticSnapshot, syntheticUpdate } from "./synthetic";

describe("synthetic host", () => {
  it("has 5,000 processes, 5 anchored jails, and is the same every time", () => {
    const snapshot = syntheticSnapshot();
    expect(snapshot.processes).toHaveLength(BENCH_PROCESSES);
    expect(Object.keys(snapshot.jailAnchors)).toEqual([...BENCH_JAILS]);
    expect(new Set(snapshot.processes.map((p) => p.pid)).size).toBe(BENCH_PROCESSES);
    expect(syntheticSnapshot()).toEqual(snapshot);
    expect(buildTree(snapshot).roots).toHaveLength(1);
  });

  it("updates like a delta: few rows change, the rest keep their identity", () => {
    const before = syntheticSnapshot();
    const after = syntheticUpdate(before, 1);
    const old = new Map(before.processes.map((p) => [p.pid, p]));
    const kept = after.processes.filter((p) => old.get(p.pid) === p).length;
    expect(kept).toBeGreaterThan(BENCH_PROCESSES - 60);
    expect(after.processes).toHaveLength(BENCH_PROCESSES);
    expect(after.processes.filter((p) => !old.has(p.pid))).toHaveLength(3);
  });
});
