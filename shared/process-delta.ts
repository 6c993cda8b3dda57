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

/**
 * Unchanged rows keep their object identity, so memoized rows do not re-render; the order is
 * kept and new processes go last, so `changesBetween` finds what changed in one pointer pass.
 */
const PID_FILTER_MASK = (1 << 16) - 1;
/**
 * A one-hash filter over the pids applyDelta edits, emptied after each call: most processes
 * are in no delta, and one typed-array read rules them out several times faster than a map
 * lookup would (applyDelta runs over thousands of processes on every live update).
 */
const pidFilter = new Uint8Array(PID_FILTER_MASK + 1);

export function applyDelta(snapshot: ProcessSnapshot, delta: ProcessDelta): ProcessSnapshot {
  const upserted = new Map(delta.upserts.map((process) => [process.pid, process]));
  // Its replacement, or null when removed (a removed pid also upserted leaves its place and goes last, as a new process).
  const edits = new Map<number, ProcessInfo | null>(upserted);
  for (const pid of delta.removed) edits.set(pid, null);
  for (const pid of edits.keys()) pidFilter[pid & PID_FILTER_MASK] = 1;
  const processes: ProcessInfo[] = [];
  for (const process of snapshot.processes) {
    const edit = pidFilter[process.pid & PID_FILTER_MASK] === 0 ? undefined : edits.get(process.pid);
    if (edit === undefined) processes.push(process);
    else if (edit !== null) {
      processes.push(edit);
      upserted.delete(process.pid);
    }
  }
  for (const pid of edits.keys()) pidFilter[pid & PID_FILTER_MASK] = 0;
  for (const process of upserted.values()) processes.push(process);
  const next: ProcessSnapshot = { takenAt: delta.takenAt, processes, jailAnchors: delta.jailAnchors ?? snapshot.jailAnchors };
  const containers = delta.unmanagedContainers === undefined ? snapshot.unmanagedContainers : delta.unmanagedContainers;
  if (containers) next.unmanagedContainers = containers;
  return next;
}

/** What changed from one process list to the next, each process given once. */
export interface ProcessChanges {
  added: ProcessInfo[];
  /** [before, after] of a pid whose object changed. */
  changed: [ProcessInfo, ProcessInfo][];
  removed: ProcessInfo[];
}

/**
 * Compares two lists of unique pids by position and identity, which costs one pointer
 * comparison per unchanged process when `next` came from `previous` through applyDelta. Any
 * other order is still answered right, only slower (a full snapshot sorted afresh).
 */
export function changesBetween(previous: readonly ProcessInfo[], next: readonly ProcessInfo[]): ProcessChanges {
  const changes: ProcessChanges = { added: [], changed: [], removed: [] };
  let i = 0;
  let j = 0;
  while (i < previous.length && j < next.length) {
    const before = previous[i++]!;
    const after = next[j];
    if (before === after) j++;
    else if (before.pid === after!.pid) {
      changes.changed.push([before, after!]);
      j++;
    } else changes.removed.push(before);
  }
  while (i < previous.length) changes.removed.push(previous[i++]!);
  while (j < next.length) changes.added.push(next[j++]!);
  if (changes.removed.length > 0 && changes.added.length > 0) regather(changes);
  return changes;
}

/** A pid both "removed" and "added" only moved in the list: it is a change (or nothing). */
function regather(changes: ProcessChanges): void {
  const gone = new Map(changes.removed.map((process) => [process.pid, process]));
  const added: ProcessInfo[] = [];
  for (const process of changes.added) {
    const before = gone.get(process.pid);
    if (before === undefined) added.push(process);
    else {
      gone.delete(process.pid);
      if (before !== process) changes.changed.push([before, process]);
    }
  }
  changes.added = added;
  changes.removed = [...gone.values()];
}
