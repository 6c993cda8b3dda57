/**
 * The process tree as pure data: build it from a flat snapshot, then sort, filter, collapse
 * and flatten it into the rows the virtualized list draws. No React here, so it is unit-tested
 * directly and reused by the benchmark page.
 */
import type { ProcessInfo, ProcessSnapshot } from "@/server/agent/protocol";
import { GroupIndex, addToTotals, groupAnchor, sameGroup } from "./tree-groups";

export { containerKey, jailKey } from "./tree-groups";

export interface ProcessNode {
  kind: "process";
  key: string;
  process: ProcessInfo;
  children: TreeNode[];
  /** The node it hangs from; null for a root. */
  parent: TreeNode | null;
}

/** A jail's subtree root: its totals let it sort by CPU or memory among its siblings. */
export interface JailNode {
  kind: "jail";
  key: string;
  jail: string;
  cpuPercent: number;
  rssBytes: number;
  processCount: number;
  children: TreeNode[];
  parent: TreeNode | null;
}

/** An LXC container Stockade does not manage: its processes grouped and named, read-only. */
export interface ContainerNode {
  kind: "container";
  key: string;
  /** The key its processes carry (its payload cgroup's name). */
  container: string;
  name: string;
  lxcPath: string | null;
  cpuPercent: number;
  rssBytes: number;
  processCount: number;
  children: TreeNode[];
  parent: TreeNode | null;
}

export type GroupNode = JailNode | ContainerNode;
export type TreeNode = ProcessNode | GroupNode;

/**
 * "jails-first": every jail's subtree at the top, then the host's own processes (collapsed);
 * "host-tree": the host's tree as ps --forest draws it, each jail under its LXC monitor.
 */
export const TREE_LAYOUTS = ["jails-first", "host-tree"] as const;
export type TreeLayout = (typeof TREE_LAYOUTS)[number];

export interface ProcessTree {
  roots: TreeNode[];
  /** Every node by key. */
  byKey: Map<string, TreeNode>;
  /** Set when a live update patched `from` into this tree (tree-live.ts); absent for a tree built afresh. */
  patched?: TreePatch;
}

/**
 * What a live update changed, for the rows cache (tree-rows-cache.ts): the nodes whose
 * children came or went, and the processes that changed (with what they were), whose new
 * values may move them among their siblings. The top level is not named in `touched`; the
 * cache always orders it again.
 */
export interface TreePatch {
  from: ProcessTree;
  touched: ReadonlySet<TreeNode>;
  changed: readonly (readonly [ProcessNode, ProcessInfo])[];
}

export const processKey = (pid: number) => `p:${pid}`;

function attach(child: TreeNode, parent: TreeNode | null, roots: TreeNode[]): void {
  (parent ? parent.children : roots).push(child);
  child.parent = parent;
}

/**
 * A process hangs under its parent only when both are in the same jail or unmanaged container (or
 * both on the host); a jail's topmost processes hang under a "jail NAME" node (a container's under
 * its own), which hangs under the jail's anchor
 * (the LXC monitor) when the caller may see it, else at the top. It makes one map by pid and
 * one by key, and nothing else per process; live updates patch it (tree-live.ts).
 */
export function buildTree(snapshot: ProcessSnapshot, layout: TreeLayout = "host-tree"): ProcessTree {
  const nodes = new Map<number, ProcessNode>();
  const byKey = new Map<string, TreeNode>();
  for (const process of snapshot.processes) {
    const node: ProcessNode = { kind: "process", key: processKey(process.pid), process, children: [], parent: null };
    nodes.set(process.pid, node);
    byKey.set(node.key, node);
  }
  const groups = new GroupIndex();
  const made = (group: GroupNode) => byKey.set(group.key, group);
  const roots: TreeNode[] = [];
  for (const node of nodes.values()) {
    const { process } = node;
    const parent = nodes.get(process.ppid);
    const group = groups.get(process, snapshot, made);
    if (group) addToTotals(group, process);
    if (parent && parent !== node && sameGroup(parent.process, process)) attach(node, parent, roots);
    else attach(node, group, roots);
  }
  for (const group of groups) {
    const anchorPid = layout === "jails-first" ? undefined : groupAnchor(snapshot, group);
    attach(group, (anchorPid !== undefined && nodes.get(anchorPid)) || null, roots);
  }
  return { roots, byKey };
}

/** The chain of keys from a root down to `key`, inclusive. */
export function ancestry(tree: ProcessTree, key: string): string[] {
  const chain: string[] = [];
  // A malformed snapshot (a ppid cycle) must not hang the page.
  for (let at = tree.byKey.get(key) ?? null; at && chain.length <= tree.byKey.size; at = at.parent) chain.unshift(at.key);
  return chain;
}
