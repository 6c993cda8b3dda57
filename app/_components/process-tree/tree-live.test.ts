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
    totals: node.kind === "process" ? node.process.cpuPercent : [node.cpuPercent, node.rssBytes, node.processCount],
    children: node.children.map(describe).sort((a, b) => String((a as { key: string }).key).localeCompare((b as { key: string }).key)),
  });
  return {
    roots: tree.roots.map(describe).sort((a, b) => String((a as { key: string }).key).localeCompare((b as { key: string }).key)),
    size: tree.byKey.size,
  };
}

/** Where a new process may be born: the host, a jail, or an LXC container Stockade does not manage. */
const PLACES: Pick<ProcessInfo, "jail" | "container">[] = [
  { jail: null },
  { jail: null },
  { jail: "web" },
  { jail: "db" },
  { jail: null, container: "legacy" },
];

/** Each step: some exits, some new children of living processes, some CPU changes, a re-parent. */
const step = fc.record({
  exits: fc.array(fc.nat(), { maxLength: 4 }),
  births: fc.array(fc.record({ parent: fc.nat(), jail: fc.nat({ max: PLACES.length - 1 }), inherit: fc.boolean() }), { maxLength: 4 }),
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
    const place = birth.inherit ? { jail: parent.jail, container: parent.container } : PLACES[birth.jail]!;
    list = [...list, { ...proc(++pid, parent.pid, place.jail), container: place.container }];
  }
  // As the agent reports them: an anchor is a living host-side process (a reused pid is not kept as one).
  const hostPids = new Set(list.filter((p) => p.jail === null && p.container === undefined).map((p) => p.pid));
  const anchors = Object.fromEntries(Object.entries(snapshot.jailAnchors).filter(([, pid]) => hostPids.has(pid)));
  // An anchor is a host-side process (the LXC monitor), never one inside the jail.
  const host = list.filter((p) => hostPids.has(p.pid));
  if (change.anchor !== null) anchors.web = host[change.anchor % host.length]!.pid;
  const legacy = snapshot.unmanagedContainers!.legacy!;
  const monitor = change.anchor === null ? legacy.anchor : host[(change.anchor + 1) % host.length]!.pid;
  const unmanagedContainers = { legacy: { ...legacy, anchor: monitor !== null && hostPids.has(monitor) ? monitor : null } };
  return { takenAt: snapshot.takenAt + 1000, processes: list, jailAnchors: anchors, unmanagedContainers };
}

const first: ProcessSnapshot = {
  takenAt: 0,
  processes: [
    proc(1, 0, null),
    proc(2, 1, null),
    proc(3, 2, null),
    proc(10, 3, "web"),
    proc(11, 10, "web"),
    proc(20, 1, "db"),
    { ...proc(30, 2, null), container: "legacy" },
  ],
  jailAnchors: { web: 3 },
  unmanagedContainers: { legacy: { name: "legacy", lxcPath: "/var/lib/lxc", initPid: 30, anchor: 2 } },
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

  it("keeps a reused pid under its new parent when it anchored a jail and its jail moves to a pid reused the other way", () => {
    // fast-check's counterexample: pid 32, web's anchor on the host, comes back as a web process
    // under 10 in the update where pid 31 leaves web and becomes web's anchor on the host.
    const steps = [
      {
        exits: [55594673],
        births: [
          { parent: 944948966, jail: 0, inherit: true },
          { parent: 0, jail: 0, inherit: false },
        ],
      },
      { exits: [1443020073], births: [], anchor: 1820256135 },
      {
        exits: [1064318792, 359520923, 161873161],
        births: [
          { parent: 0, jail: 0, inherit: false },
          { parent: 161896156, jail: 2, inherit: false },
        ],
        anchor: 1256547297,
      },
    ].map((change) => ({ cpu: [], reparent: null, anchor: null, ...change }));
    const live = new LiveTree();
    let snapshot = first;
    live.update(snapshot, "host-tree");
    for (const change of steps) {
      snapshot = next(snapshot, change);
      expect(shape(live.update(snapshot, "host-tree"))).toEqual(shape(buildTree(snapshot, "host-tree")));
    }
    expect(live.update(snapshot, "host-tree").byKey.get("p:32")?.parent?.key).toBe("p:10");
  });

  it("returns a new tree object for a new snapshot, and the same one for the same snapshot", () => {
    const live = new LiveTree();
    const tree = live.update(first, "jails-first");
    expect(live.update(first, "jails-first")).toBe(tree);
    expect(live.update({ ...first, processes: [...first.processes] }, "jails-first")).not.toBe(tree);
  });
});
