/**
 * From a built tree to the rows on screen: filter (keeping the ancestors of matches), sort
 * siblings, honour collapsed nodes and flatten depth-first.
 */
import type { ProcessInfo } from "@/server/agent/protocol";
import type { ProcessTree, TreeLayout, TreeNode } from "./tree-model";

export const SORT_KEYS = ["pid", "pidInJail", "user", "state", "cpu", "memory", "started", "command"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export interface Sort {
  key: SortKey;
  descending: boolean;
}

/** "host" selects processes outside any jail; null selects everything. */
export interface TreeFilter {
  text: string;
  jail: string | null;
  user: string | null;
  /** Only this pid's ancestors and its whole subtree. */
  followPid: number | null;
}

export const NO_FILTER: TreeFilter = { text: "", jail: null, user: null, followPid: null };
export const HOST_JAIL_FILTER = "host";

/** Expansion as a default plus exceptions, so "collapse all" also holds for processes that appear later. */
export interface Expansion {
  collapsedByDefault: boolean;
  exceptions: ReadonlySet<string>;
}

export const ALL_EXPANDED: Expansion = { collapsedByDefault: false, exceptions: new Set() };
export const ALL_COLLAPSED: Expansion = { collapsedByDefault: true, exceptions: new Set() };

export function isExpanded(expansion: Expansion, key: string): boolean {
  return expansion.collapsedByDefault === expansion.exceptions.has(key);
}

export function toggleExpanded(expansion: Expansion, key: string): Expansion {
  const exceptions = new Set(expansion.exceptions);
  if (!exceptions.delete(key)) exceptions.add(key);
  return { collapsedByDefault: expansion.collapsedByDefault, exceptions };
}

export function setExpanded(expansion: Expansion, key: string, expanded: boolean): Expansion {
  return isExpanded(expansion, key) === expanded ? expansion : toggleExpanded(expansion, key);
}

/** How a layout opens: jails-first starts with the host's own processes folded away. */
export function defaultExpansion(tree: ProcessTree, layout: TreeLayout): Expansion {
  if (layout !== "jails-first") return ALL_EXPANDED;
  const hostRoots = tree.roots.filter((node) => node.kind === "process" && node.children.length > 0).map((node) => node.key);
  return { collapsedByDefault: false, exceptions: new Set(hostRoots) };
}

export interface TreeRow {
  key: string;
  node: TreeNode;
  /** 1-based, as aria-level wants it. */
  level: number;
  hasChildren: boolean;
  expanded: boolean;
  /** Shown only because something below it matched (an ancestor, the LXC monitor): not counted. */
  context: boolean;
}

type Comparable = string | number;

function sortValue(node: TreeNode, key: SortKey): Comparable {
  if (node.kind === "process") return processSortValue(node.process, key);
  if (key === "cpu") return node.cpuPercent;
  if (key === "memory") return node.rssBytes;
  return node.kind === "jail" ? node.jail : node.name;
}

/** What a process row sorts by under `key`. */
export function processSortValue(p: ProcessInfo, key: SortKey): Comparable {
  switch (key) {
    case "pid":
      return p.pid;
    case "pidInJail":
      return p.pidInJail ?? p.pid;
    case "user":
      return p.user;
    case "state":
      return p.state;
    case "cpu":
      return p.cpuPercent;
    case "memory":
      return p.rssBytes;
    case "started":
      return p.startedAt;
    case "command":
      return p.args || p.command;
  }
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

/** Where a kind of row goes among its siblings: jails after processes, unmanaged containers after jails. */
const KIND_ORDER: Record<TreeNode["kind"], number> = { process: 0, jail: 1, container: 2 };

/** Jail rows follow their process siblings unless sorting by a total they carry. */
export function compareNodes(a: TreeNode, b: TreeNode, sort: Sort): number {
  const numericTotal = sort.key === "cpu" || sort.key === "memory";
  if (a.kind !== b.kind && !numericTotal) return KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
  const x = sortValue(a, sort.key);
  const y = sortValue(b, sort.key);
  const order = typeof x === "number" && typeof y === "number" ? x - y : collator.compare(String(x), String(y));
  const tieBreak = order !== 0 ? 0 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  return (sort.descending ? -order : order) || tieBreak;
}

/** An unmanaged container's processes are host processes to the jail filter: it is no jail. */
function matchesNode(node: TreeNode, filter: TreeFilter, needle: string): boolean {
  if (node.kind !== "process") {
    const jail = node.kind === "jail" ? node.jail : HOST_JAIL_FILTER;
    if (filter.user !== null) return false;
    if (filter.jail !== null && filter.jail !== jail) return false;
    return needle !== "" && (node.kind === "jail" ? node.jail : node.name).toLowerCase().includes(needle);
  }
  const p = node.process;
  if (filter.user !== null && p.user !== filter.user) return false;
  if (filter.jail !== null && (p.jail ?? HOST_JAIL_FILTER) !== filter.jail) return false;
  if (needle === "") return true;
  return `${p.pid} ${p.command} ${p.args} ${p.user} ${p.jail ?? p.container ?? ""}`.toLowerCase().includes(needle);
}

export function isFiltering(filter: TreeFilter): boolean {
  return filter.text.trim() !== "" || filter.jail !== null || filter.user !== null || filter.followPid !== null;
}

export interface VisibleKeys {
  /** Every match and its ancestors. */
  shown: Set<string>;
  /** The matches themselves. */
  matched: Set<string>;
}

/**
 * The keys to show under a filter: every match with its ancestors. Under "follow", a match
 * must also lie in the followed process's subtree. Returns null when nothing is filtered.
 */
export function visibleKeys(tree: ProcessTree, filter: TreeFilter): VisibleKeys | null {
  if (!isFiltering(filter)) return null;
  const needle = filter.text.trim().toLowerCase();
  const shown = new Set<string>();
  const matched = new Set<string>();
  const walk = (node: TreeNode, inFollowed: boolean): boolean => {
    const followed = inFollowed || (node.kind === "process" && node.process.pid === filter.followPid);
    const match = followed && matchesNode(node, filter, needle);
    if (match) matched.add(node.key);
    let keep = match;
    for (const child of node.children) keep = walk(child, followed) || keep;
    if (keep) shown.add(node.key);
    return keep;
  };
  for (const root of tree.roots) walk(root, filter.followPid === null);
  return { shown, matched };
}

/** Process rows that are what the caption counts (matches, not their context). */
export function countedProcessRows(rows: readonly TreeRow[]): number {
  let count = 0;
  for (const row of rows) if (row.node.kind === "process" && !row.context) count += 1;
  return count;
}

export interface FlattenOptions {
  sort: Sort;
  filter: TreeFilter;
  expansion: Expansion;
  /** As the tree was built; "jails-first" puts the jail roots before the host's. */
  layout?: TreeLayout;
}

/** "jails-first" at the top level: jails, then unmanaged containers, then the host's processes. */
const FIRST_ORDER: Record<TreeNode["kind"], number> = { jail: 0, container: 1, process: 2 };

/** How siblings at `level` (1 = the top) are ordered: by `sort`, and the top of "jails-first" by kind first. */
export function siblingOrder(sort: Sort, layout: TreeLayout): (level: number) => (a: TreeNode, b: TreeNode) => number {
  const compare = (a: TreeNode, b: TreeNode) => compareNodes(a, b, sort);
  const jailsFirst = (a: TreeNode, b: TreeNode) => (a.kind === b.kind ? compare(a, b) : FIRST_ORDER[a.kind] - FIRST_ORDER[b.kind]);
  return (level) => (level === 1 && layout === "jails-first" ? jailsFirst : compare);
}

/**
 * `nodes` in `order`; as they are when they already are (children are kept in pid order as
 * processes start, so a live update by pid sorts nothing), else a sorted copy unless `own`.
 */
export function sorted(nodes: TreeNode[], order: (a: TreeNode, b: TreeNode) => number, own: boolean): TreeNode[] {
  for (let i = 1; i < nodes.length; i++) {
    if (order(nodes[i - 1]!, nodes[i]!) > 0) return (own ? nodes : nodes.slice()).sort(order);
  }
  return nodes;
}

/** Depth-first rows. While filtering, ancestors of matches open so the matches are seen. */
export function flattenTree(tree: ProcessTree, { sort, filter, expansion, layout = "host-tree" }: FlattenOptions): TreeRow[] {
  const visible = visibleKeys(tree, filter);
  const shown = visible?.shown;
  const rows: TreeRow[] = [];
  const orderAt = siblingOrder(sort, layout);
  const visit = (nodes: TreeNode[], level: number) => {
    const kept = shown ? nodes.filter((node) => shown.has(node.key)) : nodes;
    for (const node of sorted(kept, orderAt(level), kept !== nodes)) {
      const children = shown ? node.children.filter((child) => shown.has(child.key)) : node.children;
      const expanded = shown ? true : isExpanded(expansion, node.key);
      const context = visible ? !visible.matched.has(node.key) : false;
      rows.push({ key: node.key, node, level, hasChildren: children.length > 0, expanded, context });
      if (expanded && children.length > 0) visit(children, level + 1);
    }
  };
  visit(tree.roots, 1);
  return rows;
}
