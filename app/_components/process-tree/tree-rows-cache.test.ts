import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ProcessSnapshot } from "@/server/agent/protocol";
import { LiveTree } from "./tree-live";
import { TREE_LAYOUTS, type ProcessTree } from "./tree-model";
import { RowsCache } from "./tree-rows-cache";
import { first, next, step } from "./test-support";
import {
  ALL_COLLAPSED,
  ALL_EXPANDED,
  NO_FILTER,
  SORT_KEYS,
  defaultExpansion,
  flattenTree,
  toggleExpanded,
  type Expansion,
  type FlattenOptions,
  type TreeFilter,
  type TreeRow,
} from "./tree-view";

/** Every field of every row, and whether it holds the tree's own node. */
function described(tree: ProcessTree, rows: TreeRow[]) {
  return rows.map((row) => [row.key, row.level, row.hasChildren, row.expanded, row.context, tree.byKey.get(row.key) === row.node]);
}

const FILTERS: TreeFilter[] = [
  NO_FILTER,
  { ...NO_FILTER, text: "sh" },
  { ...NO_FILTER, jail: "web" },
  { ...NO_FILTER, jail: "host" },
  { ...NO_FILTER, user: "root" },
  { ...NO_FILTER, followPid: 2 },
];

const sort = fc.record({ key: fc.constantFrom(...SORT_KEYS), descending: fc.boolean() });

/** Between two live updates the user may re-sort, fold or unfold rows (one by one or all), or filter. */
const viewChange = fc.record({
  sort: fc.option(sort, { freq: 4 }),
  toggles: fc.array(fc.nat(), { maxLength: 3 }),
  all: fc.option(fc.constantFrom(ALL_EXPANDED, ALL_COLLAPSED)),
  filter: fc.option(fc.nat({ max: FILTERS.length - 1 }), { freq: 3 }),
  // Most updates change nothing of the view, as in steady state.
  still: fc.boolean(),
});

type ViewChange = typeof viewChange extends fc.Arbitrary<infer T> ? T : never;

function changeView(options: FlattenOptions, tree: ProcessTree, change: ViewChange): FlattenOptions {
  if (change.still) return options;
  let expansion: Expansion = change.all ?? options.expansion;
  const keys = [...tree.byKey.keys()];
  for (const at of change.toggles) if (keys.length > 0) expansion = toggleExpanded(expansion, keys[at % keys.length]!);
  const filter = change.filter === null ? options.filter : FILTERS[change.filter]!;
  return { ...options, sort: change.sort ?? options.sort, expansion, filter };
}

describe("RowsCache", () => {
  for (const layout of TREE_LAYOUTS) {
    it(`gives flattenTree's rows after every live update and view change (${layout})`, () => {
      fc.assert(
        // Each run starts in its own sort, so every sort sees many live updates drawn incrementally.
        fc.property(sort, fc.array(fc.tuple(step, viewChange), { minLength: 1, maxLength: 15 }), (initialSort, steps) => {
          const live = new LiveTree();
          const cache = new RowsCache();
          let snapshot: ProcessSnapshot = first;
          let tree = live.update(snapshot, layout);
          let options: FlattenOptions = {
            sort: initialSort,
            filter: NO_FILTER,
            expansion: defaultExpansion(tree, layout),
            layout,
          };
          expect(described(tree, cache.rows(tree, options))).toEqual(described(tree, flattenTree(tree, options)));
          for (const [change, view] of steps) {
            snapshot = next(snapshot, change);
            tree = live.update(snapshot, layout);
            options = changeView(options, tree, view);
            expect(described(tree, cache.rows(tree, options))).toEqual(described(tree, flattenTree(tree, options)));
          }
        }),
        { numRuns: 400 },
      );
    });
  }

  it("draws again only what an update touched: unchanged rows keep their objects, the same tree its array", () => {
    const live = new LiveTree();
    const cache = new RowsCache();
    const options: FlattenOptions = { sort: { key: "pid", descending: false }, filter: NO_FILTER, expansion: ALL_EXPANDED };
    const tree = live.update(first, "host-tree");
    const before = cache.rows(tree, options);
    expect(cache.rows(tree, options)).toBe(before);
    const processes = first.processes.map((process) => (process.pid === 11 ? { ...process, cpuPercent: 50 } : process));
    const updated = live.update({ ...first, processes }, "host-tree");
    const after = cache.rows(updated, options);
    expect(after).not.toBe(before);
    expect(after).toHaveLength(before.length);
    after.forEach((row, index) => expect(row).toBe(before[index]));
  });

  it("draws everything afresh for a tree it did not see patched", () => {
    const cache = new RowsCache();
    const options: FlattenOptions = { sort: { key: "pid", descending: false }, filter: NO_FILTER, expansion: ALL_EXPANDED };
    cache.rows(new LiveTree().update(first, "host-tree"), options);
    const other = new LiveTree().update(next(first, { exits: [3], births: [], cpu: [], reparent: null, anchor: null }), "host-tree");
    expect(described(other, cache.rows(other, options))).toEqual(described(other, flattenTree(other, options)));
  });
});
