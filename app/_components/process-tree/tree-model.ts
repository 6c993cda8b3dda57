/**
 * The process tree as pure data: build it from a flat snapshot, then sort, filter, collapse
 * and flatten it into the rows the virtualized list draws. No React here, so it is unit-tested
 * directly and reused by the benchmark page.
 */
import type { ProcessInfo, ProcessSnapshot } from "@/server/agent/protocol";

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

export type TreeNode = ProcessNode | JailNode;

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
}

export const processKey = (pid: number) => `p:${pid}`;
export const jailKey = (name: string) => `j:${name}`;

function jailNodeFor(jails: Map<string, JailNode>, byKey: Map<string, TreeNode>, name: string): JailNode {
  let node = jails.get(name);
  if (!node) {
    node = { kind: "jail", key: jailKey(name), jail: name, cpuPercent: 0, rssBytes: 0, processCount: 0, children: [], parent: null };
    jails.set(name, node);
    byKey.set(node.key, node);
  }
  return node;
}

function attach(child: TreeNode, parent: TreeNode | null, roots: TreeNode[]): void {
  (parent ? parent.children : roots).push(child);
  child.parent = parent;
}

/**
 * A process hangs under its parent only when both are in the same jail (or both on the host);
 * a jail's topmost processes hang under a "jail NAME" node, which hangs under the jail's anchor
 * (the LXC monitor) when the caller may see it, else at the top. Rebuilt on every live update,
 * so it makes one map by pid and one by key, and nothing else per process.
 */
export function buildTree(snapshot: ProcessSnapshot, layout: TreeLayout = "host-tree"): ProcessTree {
  const nodes = new Map<number, ProcessNode>();
  const byKey = new Map<string, TreeNode>();
  for (const process of snapshot.processes) {
    const node: ProcessNode = { kind: "process", key: processKey(process.pid), process, children: [], parent: null };
    nodes.set(process.pid, node);
    byKey.set(node.key, node);
  }
  const jails = new Map<string, JailNode>();
  const roots: TreeNode[] = [];
  for (const node of nodes.values()) {
    const { process } = node;
    const parent = nodes.get(process.ppid);
    const jail = process.jail === null ? null : jailNodeFor(jails, byKey, process.jail);
    if (jail) addToTotals(jail, process);
    if (parent && parent !== node && parent.process.jail === process.jail) attach(node, parent, roots);
    else attach(node, jail, roots);
  }
  for (const [name, jail] of jails) {
    const anchorPid = layout === "jails-first" ? undefined : snapshot.jailAnchors[name];
    attach(jail, (anchorPid !== undefined && nodes.get(anchorPid)) || null, roots);
  }
  return { roots, byKey };
}

function addToTotals(jail: JailNode, process: ProcessInfo) {
  jail.cpuPercent += process.cpuPercent;
  jail.rssBytes += process.rssBytes;
  jail.processCount += 1;
}

/** The chain of keys from a root down to `key`, inclusive. */
export function ancestry(tree: ProcessTree, key: string): string[] {
  const chain: string[] = [];
  // A malformed snapshot (a ppid cycle) must not hang the page.
  for (let at = tree.byKey.get(key) ?? null; at && chain.length <= tree.byKey.size; at = at.parent) chain.unshift(at.key);
  return chain;
}
