/**
 * The subtrees a process can belong to besides the host's: a Stockade jail, or an LXC container
 * Stockade does not manage (made outside its LXC path), shown so nobody takes its processes for
 * the host's, and offered no action. Found by what each process carries (`jail`, `container`),
 * with no string built per process: the tree is regrouped on every live update.
 */
import type { ProcessInfo, ProcessSnapshot } from "@/server/agent/protocol";
import type { GroupNode, JailNode, ContainerNode, TreeNode } from "./tree-model";

export const jailKey = (name: string) => `j:${name}`;
export const containerKey = (id: string) => `c:${id}`;

/** Both in the same jail, the same unmanaged container, or both on the host. */
export function sameGroup(a: ProcessInfo, b: ProcessInfo): boolean {
  return a.jail === b.jail && a.container === b.container;
}

/** The host-side process a group hangs from (the LXC monitor), if the snapshot names one. */
export function groupAnchor(snapshot: ProcessSnapshot, group: GroupNode): number | undefined {
  if (group.kind === "jail") return snapshot.jailAnchors[group.jail];
  return snapshot.unmanagedContainers?.[group.container]?.anchor ?? undefined;
}

/**
 * Adds a process to (sign -1: takes it from) its group's totals. CPU is summed in tenths of a
 * percent, as every driver reports it, so adding and taking away in any order gives exactly
 * the total a fresh sum would: the live tree keeps its totals up to date this way.
 */
export function addToTotals(group: GroupNode, process: ProcessInfo, sign: 1 | -1 = 1): void {
  group.cpuPercent = (Math.round(group.cpuPercent * 10) + sign * Math.round(process.cpuPercent * 10)) / 10;
  group.rssBytes += sign * process.rssBytes;
  group.processCount += sign;
}

const totals = () => ({ cpuPercent: 0, rssBytes: 0, processCount: 0, children: [] as TreeNode[], parent: null });

export class GroupIndex {
  private readonly jails = new Map<string, JailNode>();
  private readonly containers = new Map<string, ContainerNode>();

  /** The group `process` is in, if it has a node yet; undefined for a host process. */
  find(process: ProcessInfo): GroupNode | undefined {
    if (process.jail !== null) return this.jails.get(process.jail);
    return process.container === undefined ? undefined : this.containers.get(process.container);
  }

  /** The group `process` is in, made (and passed to `made`) when it is the first; null for the host. */
  get(process: ProcessInfo, snapshot: ProcessSnapshot, made: (node: GroupNode) => void): GroupNode | null {
    const found = this.find(process);
    if (found) return found;
    if (process.jail !== null) {
      const node: JailNode = { kind: "jail", key: jailKey(process.jail), jail: process.jail, ...totals() };
      this.jails.set(process.jail, node);
      made(node);
      return node;
    }
    if (process.container === undefined) return null;
    const info = snapshot.unmanagedContainers?.[process.container];
    const id = process.container;
    const node: ContainerNode = {
      kind: "container",
      key: containerKey(id),
      container: id,
      name: info?.name ?? id,
      lxcPath: info?.lxcPath ?? null,
      ...totals(),
    };
    this.containers.set(id, node);
    made(node);
    return node;
  }

  add(node: GroupNode): void {
    if (node.kind === "jail") this.jails.set(node.jail, node);
    else this.containers.set(node.container, node);
  }

  delete(node: GroupNode): void {
    if (node.kind === "jail") this.jails.delete(node.jail);
    else this.containers.delete(node.container);
  }

  clear(): void {
    this.jails.clear();
    this.containers.clear();
  }

  *[Symbol.iterator](): IterableIterator<GroupNode> {
    yield* this.jails.values();
    yield* this.containers.values();
  }
}
