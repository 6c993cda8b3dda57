import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ProcessInfo, ProcessSnapshot } from "@/server/agent/protocol";
import { buildTree, TREE_LAYOUTS, type ProcessTree, type TreeNode } from "./tree-model";
import { LiveTree } from "./tree-live";

function proc(pid: number, ppid: number, jail: string | null, cpuPercent = 0): ProcessInfo {
  const fields = { uid: 0, user: "root", state: "S", rssBytes: 4096, startedAt: 0, command: "sh", args: "sh" };
  return { pid, ppid, jail, pidInJail: null, cpuPercent, ...fields };
}

/** The tree as nested keys and totals, children in key order: what the rows are drawn from. */
function shape(tree: ProcessTree): unknown {
  const describe = (node: TreeNode): unknown => ({
    key: node.key,
    totals: node.kind === "jail" ? [node.cpuPercent, node.rssBytes, node.processCount] : node.process.cpuPercent,
    children: node.children.map(describe).sort((a, b) => String((a as { key: string }).key).localeCompare((b as { key: string }).key)),
  });
  return {
    roots: tree.roots.map(describe).sort((a, b) => String((a as { key: string }).key).localeCompare((b as { key: string }).key)),
    size: tree.byKey.size,
  };
}

const JAILS = [null, null, "web", "db"] as const;

/** Each step: some exits, some new children of living processes, some CPU changes, a re-parent. */
const step = fc.record({
  exits: fc.array(fc.nat(), { maxLength: 4 }),
  births: fc.array(fc.record({ parent: fc.nat(), jail: fc.nat({ max: 3 }), inherit: fc.boolean() }), { maxLength: 4 }),
  cpu: fc.array(fc.record({ at: fc.nat(), value: fc.nat({ max: 400 }) }), { maxLength: 6 }),
  reparent: fc.option(fc.record({ at: fc.nat(), to: fc.nat() })),
  anchor: fc.option(fc.nat()),
});

function next(
  snapshot: ProcessSnapshot,
  change: {
    exits: number[];
    births: { parent: number; jail: number; inherit: boolean }[];
    cpu: { at: number; value: number }[];
    reparent: { at: number; to: number } | null;
    anchor: number | null;
  },
): ProcessSnapshot {
  let list = snapshot.processes;
  const gone = new Set(change.exits.map((i) => list[i % list.length]!.pid).filter((pid) => pid !== 1));
  list = list.filter((p) => !gone.has(p.pid));
  list = list.map((p, i) => {
    const cpu = change.cpu.find((c) => c.at % list.length === i);
    return cpu ? { ...p, cpuPercent: cpu.value } : p;
  });
  if (change.reparent) {
    const child = list[change.reparent.at % list.length]!;
    const parent = list[change.reparent.to % list.length]!;
    // Only to an older process: the kernel never makes a ppid cycle.
    if (parent.pid < child.pid) list = list.map((p) => (p === child ? { ...p, ppid: parent.pid } : p));
  }
  let pid = Math.max(...list.map((p) => p.pid));
  for (const birth of change.births) {
    const parent = list[birth.parent % list.length]!;
    list = [...list, proc(++pid, parent.pid, birth.inherit ? parent.jail : (JAILS[birth.jail] ?? null))];
  }
  // As the agent reports them: an anchor is a living host-side process (a reused pid is not kept as one).
  const hostPids = new Set(list.filter((p) => p.jail === null).map((p) => p.pid));
  const anchors = Object.fromEntries(Object.entries(snapshot.jailAnchors).filter(([, pid]) => hostPids.has(pid)));
  // An anchor is a host-side process (the LXC monitor), never one inside the jail.
  const host = list.filter((p) => p.jail === null);
  if (change.anchor !== null) anchors.web = host[change.anchor % host.length]!.pid;
  return { takenAt: snapshot.takenAt + 1000, processes: list, jailAnchors: anchors };
}

const first: ProcessSnapshot = {
  takenAt: 0,
  processes: [proc(1, 0, null), proc(2, 1, null), proc(3, 2, null), proc(10, 3, "web"), proc(11, 10, "web"), proc(20, 1, "db")],
  jailAnchors: { web: 3 },
};

describe("LiveTree", () => {
  for (const layout of TREE_LAYOUTS) {
    it(`gives the tree buildTree gives after every live update (${layout})`, () => {
      fc.assert(
        fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), (steps) => {
          const live = new LiveTree();
          let snapshot = first;
          live.update(snapshot, layout);
          for (const change of steps) {
            snapshot = next(snapshot, change);
            expect(shape(live.update(snapshot, layout))).toEqual(shape(buildTree(snapshot, layout)));
          }
        }),
        { numRuns: 300 },
      );
    });
  }

  it("returns a new tree object for a new snapshot, and the same one for the same snapshot", () => {
    const live = new LiveTree();
    const tree = live.update(first, "jails-first");
    expect(live.update(first, "jails-first")).toBe(tree);
    expect(live.update({ ...first, processes: [...first.processes] }, "jails-first")).not.toBe(tree);
  });
});
