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
  /** Every node by key, and each node's parent key (null for a root). */
  byKey: Map<string, TreeNode>;
  parentOf: Map<string, string | null>;
}

export const processKey = (pid: number) => `p:${pid}`;
export const jailKey = (name: string) => `j:${name}`;

function jailNodeFor(jails: Map<string, JailNode>, name: string): JailNode {
  let node = jails.get(name);
  if (!node) {
    node = { kind: "jail", key: jailKey(name), jail: name, cpuPercent: 0, rssBytes: 0, processCount: 0, children: [] };
    jails.set(name, node);
  }
  return node;
}

/**
 * A process hangs under its parent only when both are in the same jail (or both on the host);
 * a jail's topmost processes hang under a "jail NAME" node, which hangs under the jail's anchor
 * (the LXC monitor) when the caller may see it, else at the top.
 */
export function buildTree(snapshot: ProcessSnapshot, layout: TreeLayout = "host-tree"): ProcessTree {
  const nodes = new Map<number, ProcessNode>();
  for (const process of snapshot.processes) {
    nodes.set(process.pid, { kind: "process", key: processKey(process.pid), process, children: [] });
  }
  const jails = new Map<string, JailNode>();
  const roots: TreeNode[] = [];
  const parentOf = new Map<string, string | null>();
  const attach = (child: TreeNode, parent: TreeNode | null) => {
    (parent ? parent.children : roots).push(child);
    parentOf.set(child.key, parent ? parent.key : null);
  };
  for (const node of nodes.values()) {
    const { process } = node;
    const parent = nodes.get(process.ppid);
    if (parent && parent !== node && parent.process.jail === process.jail) attach(node, parent);
    else if (process.jail !== null) attach(node, jailNodeFor(jails, process.jail));
    else attach(node, null);
    if (process.jail !== null) addToTotals(jailNodeFor(jails, process.jail), process);
  }
  for (const [name, jail] of jails) {
    const anchorPid = layout === "jails-first" ? undefined : snapshot.jailAnchors[name];
    attach(jail, (anchorPid !== undefined && nodes.get(anchorPid)) || null);
  }
  const byKey = new Map<string, TreeNode>();
  for (const node of nodes.values()) byKey.set(node.key, node);
  for (const jail of jails.values()) byKey.set(jail.key, jail);
  return { roots, byKey, parentOf };
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
  for (let at: string | null | undefined = key; at && chain.length <= tree.byKey.size; at = tree.parentOf.get(at)) chain.unshift(at);
  return chain;
}
