/**
 * flattenTree's rows kept across live updates. An update touches a few dozen nodes out of
 * thousands (tree-live.ts names them), so only the nodes from those up to the top are ordered
 * and drawn again; every other subtree's rows are copied from the last rows as one run, and
 * unchanged rows keep their objects. Gives exactly flattenTree's rows (tree-rows-cache.test.ts
 * checks it over random trees, updates, folds, sorts and filters). Under a filter it is
 * flattenTree itself: whether a process matches can change with any update anywhere.
 */
import type { ProcessTree, TreeLayout, TreeNode } from "./tree-model";
import {
  flattenTree,
  isExpanded,
  isFiltering,
  processSortValue,
  siblingOrder,
  sorted,
  type Expansion,
  type FlattenOptions,
  type Sort,
  type TreeRow,
} from "./tree-view";

/** What the cache knows of a node from the rows it last made. */
interface Entry {
  row: TreeRow;
  /** Its row and its drawn descendants' rows. */
  size: number;
  /** Where its rows start, counted from its parent's row (from the top, for a root). */
  offset: number;
  /** New each time its rows are made again; its children's `under` names the one they were placed in. */
  stamp: number;
  /** Its parent's stamp (the top's, for a root) when it was placed there. */
  under: number;
}

interface Drawn {
  tree: ProcessTree;
  rows: TreeRow[];
  sort: Sort;
  layout: TreeLayout;
  expansion: Expansion;
  /** The top's stamp: the roots' `under`. */
  top: number;
}

/** No old rows: the node and everything below it are drawn afresh. */
const FRESH = -1;

/** Keys folded or unfolded from `before` to `after`; null when "collapse/expand all" changed every one. */
function toggledKeys(before: Expansion, after: Expansion): string[] | null {
  if (before.collapsedByDefault !== after.collapsedByDefault) return null;
  if (before.exceptions === after.exceptions) return [];
  const keys: string[] = [];
  for (const key of before.exceptions) if (!after.exceptions.has(key)) keys.push(key);
  for (const key of after.exceptions) if (!before.exceptions.has(key)) keys.push(key);
  return keys;
}

export class RowsCache {
  private drawn: Drawn | null = null;
  private readonly entries = new WeakMap<TreeNode, Entry>();
  private stamps = 0;

  rows(tree: ProcessTree, options: FlattenOptions): TreeRow[] {
    const { sort, filter, expansion, layout = "host-tree" } = options;
    if (isFiltering(filter)) {
      this.drawn = null;
      return flattenTree(tree, options);
    }
    const stale = this.staleSince(tree, sort, layout, expansion);
    if (this.drawn && this.drawn.tree === tree && stale?.size === 0) {
      this.drawn.expansion = expansion;
      return this.drawn.rows;
    }
    const top = ++this.stamps;
    const rows = this.draw(tree, stale, siblingOrder(sort, layout), expansion, top);
    this.drawn = { tree, rows, sort, layout, expansion, top };
    return rows;
  }

  /** The nodes whose rows may have changed since the last rows, with their ancestors; null when all may have. */
  private staleSince(tree: ProcessTree, sort: Sort, layout: TreeLayout, expansion: Expansion): Set<TreeNode> | null {
    const drawn = this.drawn;
    if (!drawn || drawn.layout !== layout || drawn.sort.key !== sort.key || drawn.sort.descending !== sort.descending) return null;
    const patch = drawn.tree === tree ? { touched: [], changed: [] } : tree.patched?.from === drawn.tree ? tree.patched : null;
    const toggled = toggledKeys(drawn.expansion, expansion);
    if (!patch || !toggled) return null;
    const stale = new Set<TreeNode>();
    const mark = (node: TreeNode | undefined) => {
      // Stops at a node already marked, so each path to the top is walked once (and a cycle ends).
      for (let at = node ?? null; at && !stale.has(at); at = at.parent) stale.add(at);
    };
    for (const node of patch.touched) mark(node);
    // A change that keeps a process's sort value (its CPU, sorting by pid) cannot move its row.
    for (const [node, before] of patch.changed)
      if (processSortValue(before, sort.key) !== processSortValue(node.process, sort.key)) mark(node.parent ?? undefined);
    for (const key of toggled) mark(tree.byKey.get(key));
    return stale;
  }

  private draw(
    tree: ProcessTree,
    stale: Set<TreeNode> | null,
    orderAt: (level: number) => (a: TreeNode, b: TreeNode) => number,
    expansion: Expansion,
    top: number,
  ): TreeRow[] {
    const old = this.drawn?.rows ?? [];
    const oldTop = stale ? (this.drawn?.top ?? FRESH) : FRESH;
    const rows: TreeRow[] = [];
    const entries = this.entries;
    /** Where `node`'s old rows start, if it was drawn where it is now (under the parent whose old stamp is `parentStamp`). */
    const oldStart = (node: TreeNode, parentStamp: number, parentStart: number) => {
      const entry = entries.get(node);
      return parentStamp !== FRESH && entry?.under === parentStamp ? parentStart + entry.offset : FRESH;
    };
    const visit = (node: TreeNode, level: number, start: number, under: number, offset: number): number => {
      const entry = entries.get(node);
      if (start !== FRESH && entry && !stale?.has(node)) {
        for (let i = start, end = start + entry.size; i < end; i++) rows.push(old[i]!);
        entry.offset = offset;
        entry.under = under;
        return entry.size;
      }
      const row = rowFor(node, level, expansion, entry?.row);
      rows.push(row);
      const oldStamp = start !== FRESH && entry ? entry.stamp : FRESH;
      const stamp = ++this.stamps;
      let size = 1;
      if (row.expanded && row.hasChildren) {
        for (const child of sorted(node.children, orderAt(level + 1), false))
          size += visit(child, level + 1, oldStart(child, oldStamp, start), stamp, size);
      }
      if (entry) Object.assign(entry, { row, size, offset, stamp, under });
      else entries.set(node, { row, size, offset, stamp, under });
      return size;
    };
    let offset = 0;
    for (const root of sorted(tree.roots, orderAt(1), false)) offset += visit(root, 1, oldStart(root, oldTop, 0), top, offset);
    return rows;
  }
}

/** `node`'s row at `level`: the last one when it still says the same. */
function rowFor(node: TreeNode, level: number, expansion: Expansion, last: TreeRow | undefined): TreeRow {
  const hasChildren = node.children.length > 0;
  const expanded = isExpanded(expansion, node.key);
  if (last && last.level === level && last.hasChildren === hasChildren && last.expanded === expanded) return last;
  return { key: node.key, node, level, hasChildren, expanded, context: false };
}
