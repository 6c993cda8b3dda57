import type { ProcessInfo, ProcessSnapshot, UnmanagedContainer } from "@/server/agent/protocol/host";

/** What changed between two snapshots: sent once a second instead of the whole table. */
export interface ProcessDelta {
  seq: number;
  takenAt: number;
  upserts: ProcessInfo[];
  removed: number[];
  /** Present only when the jail anchors changed. */
  jailAnchors?: Record<string, number>;
  /** Present only when the unmanaged containers changed; null when none are left. */
  unmanagedContainers?: Record<string, UnmanagedContainer> | null;
}

function sameProcess(a: ProcessInfo, b: ProcessInfo): boolean {
  return (
    a.cpuPercent === b.cpuPercent &&
    a.rssBytes === b.rssBytes &&
    a.state === b.state &&
    a.ppid === b.ppid &&
    a.startedAt === b.startedAt &&
    a.args === b.args &&
    a.user === b.user &&
    a.jail === b.jail &&
    a.pidInJail === b.pidInJail &&
    a.container === b.container
  );
}

function sameAnchors(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

function sameContainers(a: Record<string, UnmanagedContainer> = {}, b: Record<string, UnmanagedContainer> = {}): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => JSON.stringify(a[key]) === JSON.stringify(b[key]));
}

export function diffSnapshots(previous: ProcessSnapshot, next: ProcessSnapshot, seq: number): ProcessDelta {
  const before = new Map(previous.processes.map((process) => [process.pid, process]));
  const upserts: ProcessInfo[] = [];
  for (const process of next.processes) {
    const old = before.get(process.pid);
    if (!old || !sameProcess(old, process)) upserts.push(process);
    before.delete(process.pid);
  }
  const delta: ProcessDelta = { seq, takenAt: next.takenAt, upserts, removed: [...before.keys()] };
  if (!sameAnchors(previous.jailAnchors, next.jailAnchors)) delta.jailAnchors = next.jailAnchors;
  if (!sameContainers(previous.unmanagedContainers, next.unmanagedContainers)) delta.unmanagedContainers = next.unmanagedContainers ?? null;
  return delta;
}

/** Unchanged rows keep their object identity, so memoized rows do not re-render. */
export function applyDelta(snapshot: ProcessSnapshot, delta: ProcessDelta): ProcessSnapshot {
  const removed = new Set(delta.removed);
  const upserted = new Map(delta.upserts.map((process) => [process.pid, process]));
  const processes: ProcessInfo[] = [];
  for (const process of snapshot.processes) {
    if (removed.has(process.pid)) continue;
    const replacement = upserted.get(process.pid);
    processes.push(replacement ?? process);
    upserted.delete(process.pid);
  }
  processes.push(...upserted.values());
  const next: ProcessSnapshot = { takenAt: delta.takenAt, processes, jailAnchors: delta.jailAnchors ?? snapshot.jailAnchors };
  const containers = delta.unmanagedContainers === undefined ? snapshot.unmanagedContainers : delta.unmanagedContainers;
  if (containers) next.unmanagedContainers = containers;
  return next;
}
