/**
 * The process tree kept up to date across live updates instead of rebuilt: a delta changes a
 * few dozen processes out of thousands, so an update costs what changed plus one pointer
 * comparison per process (changesBetween), with no map, set or pass over the whole tree. Gives
 * the same tree as buildTree (tree-live.test.ts checks it over random update sequences).
 */
import type { ProcessInfo, ProcessSnapshot } from "@/server/agent/protocol";
import { changesBetween } from "@/shared/process-delta";
import { GroupIndex, addToTotals, groupAnchor, sameGroup } from "./tree-groups";
import { buildTree, processKey, type GroupNode, type ProcessNode, type ProcessTree, type TreeLayout, type TreeNode } from "./tree-model";

export class LiveTree {
  private snapshot: ProcessSnapshot | null = null;
  private layout: TreeLayout = "host-tree";
  private roots: TreeNode[] = [];
  private byKey = new Map<string, TreeNode>();
  private readonly byPid = new Map<number, ProcessNode>();
  private readonly groups = new GroupIndex();
  /** Process nodes not under a process (at the top or under a group): the only ones whose parent may arrive later. */
  private readonly loose = new Set<ProcessNode>();
  private tree: ProcessTree = { roots: [], byKey: new Map() };
  /** This update's TreePatch.touched; null while rebuilding, when nothing is patched. */
  private touched: Set<TreeNode> | null = null;
  private changed: [ProcessNode, ProcessInfo][] = [];

  /** The tree for `snapshot`; a new object each time it changes, sharing the unchanged nodes. */
  update(snapshot: ProcessSnapshot, layout: TreeLayout): ProcessTree {
    if (snapshot === this.snapshot && layout === this.layout) return this.tree;
    const from = this.tree;
    this.touched = null;
    this.changed = [];
    if (this.snapshot === null || layout !== this.layout) this.rebuild(snapshot, layout);
    else {
      this.touched = new Set();
      this.patch(this.snapshot, snapshot);
    }
    this.snapshot = snapshot;
    this.tree = { roots: this.roots, byKey: this.byKey };
    if (this.touched) this.tree.patched = { from, touched: this.touched, changed: this.changed };
    return this.tree;
  }

  private rebuild(snapshot: ProcessSnapshot, layout: TreeLayout): void {
    const tree = buildTree(snapshot, layout);
    this.layout = layout;
    this.roots = tree.roots;
    this.byKey = tree.byKey;
    this.byPid.clear();
    this.groups.clear();
    this.loose.clear();
    for (const node of tree.byKey.values()) {
      if (node.kind !== "process") this.groups.add(node);
      else {
        this.byPid.set(node.process.pid, node);
        if (node.parent?.kind !== "process") this.loose.add(node);
      }
    }
  }

  private patch(previous: ProcessSnapshot, snapshot: ProcessSnapshot): void {
    const { added, changed, removed } = changesBetween(previous.processes, snapshot.processes);
    const moved: ProcessNode[] = [];
    for (const process of added) moved.push(this.add(process));
    for (const [before, process] of changed) {
      const node = this.byPid.get(process.pid);
      if (!node) continue;
      node.process = process;
      this.changed.push([node, before]);
      const regrouped = !sameGroup(before, process);
      if (before.ppid !== process.ppid || regrouped) moved.push(node);
      // A pid now in another jail (reused): its children no longer hang from it.
      if (regrouped) for (const child of node.children) if (child.kind === "process") moved.push(child);
    }
    for (const process of removed) {
      const node = this.byPid.get(process.pid);
      if (node) this.remove(node, moved);
    }
    // Out of the tree while jails find their anchors: a moving node's old place (a reused pid's
    // old jail) must not make its jail's new anchor seem to sit below that jail.
    for (const node of moved) this.detach(node);
    // Jails under their anchors before processes move: a process must not seem to sit above its jail's old anchor.
    this.anchorGroups(snapshot);
    // New parents first: a child placed before its parent arrived would hang at the top.
    for (const node of moved) if (this.byPid.get(node.process.pid) === node) this.place(node, snapshot);
    for (const node of [...this.loose]) if (this.isStranded(node)) this.place(node, snapshot);
    this.settleGroups(snapshot, { added, changed, removed });
  }

  private add(process: ProcessInfo): ProcessNode {
    const node: ProcessNode = { kind: "process", key: processKey(process.pid), process, children: [], parent: null };
    this.byPid.set(process.pid, node);
    this.byKey.set(node.key, node);
    return node;
  }

  /** Its children stay: each is placed again (under its jail or at the top, as buildTree would). */
  private remove(node: ProcessNode, moved: ProcessNode[]): void {
    this.detach(node);
    this.loose.delete(node);
    this.byPid.delete(node.process.pid);
    this.byKey.delete(node.key);
    for (const child of node.children) {
      child.parent = null;
      if (child.kind === "process") moved.push(child);
      else this.roots.push(child);
    }
    node.children = [];
  }

  /** A top-level process whose parent is here after all (it arrived in a later snapshot). */
  private isStranded(node: ProcessNode): boolean {
    if (node.parent !== null && node.parent.kind === "process") return false;
    const parent = this.byPid.get(node.process.ppid);
    return parent !== undefined && parent !== node && sameGroup(parent.process, node.process);
  }

  private place(node: ProcessNode, snapshot: ProcessSnapshot): void {
    this.detach(node);
    const { process } = node;
    const parent = this.byPid.get(process.ppid);
    if (parent && parent !== node && sameGroup(parent.process, process) && !this.isBelow(parent, node)) this.attach(node, parent);
    else this.attach(node, this.groups.get(process, snapshot, this.madeGroup));
  }

  /** A ppid cycle in a malformed snapshot must not make a loop of nodes. */
  private isBelow(candidate: TreeNode, node: TreeNode): boolean {
    for (let at: TreeNode | null = candidate, hops = 0; at && hops <= this.byKey.size; at = at.parent, hops++) if (at === node) return true;
    return false;
  }

  private readonly madeGroup = (node: GroupNode) => {
    this.byKey.set(node.key, node);
    this.roots.push(node);
  };

  /** Totals moved by what changed (groups of processes placed just now exist by now), empty groups gone, each group under its anchor. */
  private settleGroups(snapshot: ProcessSnapshot, { added, changed, removed }: ReturnType<typeof changesBetween>): void {
    // Nothing to name here: a group's totals move only with a process in it, whose change or
    // move names a node inside the group (so the cache also orders the group among its siblings).
    const count = (process: ProcessInfo, sign: 1 | -1) => {
      const group = this.groups.find(process);
      if (group) addToTotals(group, process, sign);
    };
    for (const process of added) count(process, 1);
    for (const [before, after] of changed) {
      count(before, -1);
      count(after, 1);
    }
    for (const process of removed) count(process, -1);
    for (const group of [...this.groups]) {
      if (group.processCount === 0 && group.children.length === 0) {
        this.detach(group);
        this.groups.delete(group);
        this.byKey.delete(group.key);
      }
    }
    this.anchorGroups(snapshot);
  }

  private anchorGroups(snapshot: ProcessSnapshot): void {
    for (const group of this.groups) {
      const anchorPid = this.layout === "jails-first" ? undefined : groupAnchor(snapshot, group);
      const anchor = (anchorPid !== undefined && this.byPid.get(anchorPid)) || null;
      if (group.parent !== anchor && !(anchor && this.isBelow(anchor, group))) {
        this.detach(group);
        this.attach(group, anchor);
      }
    }
  }

  /** `node`'s children, or the sort values they carry, changed. */
  private touch(node: TreeNode | null): void {
    if (node && this.touched) this.touched.add(node);
  }

  private attach(node: TreeNode, parent: TreeNode | null): void {
    this.touch(parent);
    (parent ? parent.children : this.roots).push(node);
    node.parent = parent;
    if (node.kind !== "process") return;
    if (parent?.kind === "process") this.loose.delete(node);
    else this.loose.add(node);
  }

  private detach(node: TreeNode): void {
    const siblings = node.parent ? node.parent.children : this.roots;
    const index = siblings.indexOf(node);
    if (index >= 0) siblings.splice(index, 1);
    this.touch(node.parent);
    node.parent = null;
  }
}
