import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildTree, TREE_LAYOUTS, type ProcessTree, type TreeNode } from "./tree-model";
import { LiveTree } from "./tree-live";
import { first, next, step } from "./test-support";

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
