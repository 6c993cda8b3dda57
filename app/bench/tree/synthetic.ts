/**
 * A deterministic synthetic host for the tree benchmark: 5,000 processes, 5 LXC-style jails
 * hanging from monitor processes, and live updates as the agent's deltas (a few dozen CPU
 * changes, a few processes come and go).
 */
import type { ProcessInfo, ProcessSnapshot } from "@/server/agent/protocol";
import type { ProcessDelta } from "@/shared/process-delta";

export const BENCH_PROCESSES = 5_000;
export const BENCH_JAILS = ["alpha", "bravo", "charlie", "delta", "echo"] as const;
const IN_JAILS = 2_000;
const START = Date.UTC(2025, 2, 1, 9, 0);
const COMMANDS = ["nginx", "postgres", "sshd", "cron", "node", "python3", "redis-server", "sh", "sleep", "php-fpm"] as const;
const USERS = ["root", "www-data", "postgres", "nobody", "app"] as const;

/** mulberry32: tiny, fast and the same everywhere, so every run draws the same host. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(next: () => number, list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;

function makeProcess(next: () => number, pid: number, ppid: number, jail: string | null, pidInJail: number | null): ProcessInfo {
  const command = pick(next, COMMANDS);
  const user = pick(next, USERS);
  return {
    pid,
    ppid,
    jail,
    pidInJail,
    uid: USERS.indexOf(user) * 100,
    user,
    state: next() < 0.05 ? "R" : "S",
    cpuPercent: Math.round(next() * 200) / 10,
    rssBytes: Math.floor(next() * 512) * 1024 * 1024,
    startedAt: START + Math.floor(next() * 86_400_000),
    command,
    args: `${command} --worker ${pid}`,
  };
}

/** A uniformly drawn earlier parent: a random recursive tree, about ln(n) levels deep like a real host. */
function parentFrom(next: () => number, group: number[]): number {
  return group[Math.floor(next() * group.length)] ?? 1;
}

export function syntheticSnapshot(seed = 1): ProcessSnapshot {
  const next = random(seed);
  const processes: ProcessInfo[] = [makeProcess(next, 1, 0, null, null)];
  const host = [1];
  const jailAnchors: Record<string, number> = {};
  let pid = 2;
  for (; pid <= BENCH_PROCESSES - IN_JAILS - BENCH_JAILS.length; pid++) {
    processes.push(makeProcess(next, pid, parentFrom(next, host), null, null));
    host.push(pid);
  }
  for (const jail of BENCH_JAILS) {
    const monitor = pid++;
    processes.push({ ...makeProcess(next, monitor, 1, null, null), command: "lxc-start", args: `[lxc monitor] /var/lib/lxc ${jail}` });
    jailAnchors[jail] = monitor;
    const members = [pid];
    processes.push(makeProcess(next, pid++, monitor, jail, 1));
    for (let i = 1; i < IN_JAILS / BENCH_JAILS.length; i++, pid++) {
      processes.push(makeProcess(next, pid, parentFrom(next, members), jail, i + 1));
      members.push(pid);
    }
  }
  return { takenAt: START + 86_400_000, processes, jailAnchors };
}

/**
 * The live ticks after a snapshot, as the deltas the socket delivers: ~50 CPU changes, 3 exits
 * (leaves only) and 3 new children each. Drawing a delta costs only what it changes, so the
 * page's script time per update is the client's (applyDelta, the tree, React), not the generator's.
 */
export class SyntheticFeed {
  private readonly processes: ProcessInfo[];
  private readonly indexOf = new Map<number, number>();
  private readonly childCount = new Map<number, number>();
  private maxPid = 0;
  private seq = 0;

  constructor(snapshot: ProcessSnapshot) {
    this.processes = snapshot.processes.slice();
    this.processes.forEach((process, index) => this.track(process, index));
  }

  next(): ProcessDelta {
    const next = random(++this.seq * 7919 + 17);
    const changed = new Map<number, ProcessInfo>();
    for (let i = 0; i < 50; i++) {
      const process = this.pick(next);
      changed.set(process.pid, { ...process, cpuPercent: Math.round(next() * 400) / 10 });
    }
    const removed = new Set<number>();
    while (removed.size < 3) {
      const { pid } = this.pick(next);
      if (pid > 1 && !this.childCount.get(pid) && !changed.has(pid)) removed.add(pid);
    }
    const added: ProcessInfo[] = [];
    for (let offset = 1; offset <= 3; offset++) {
      let parent = this.pick(next);
      while (removed.has(parent.pid)) parent = this.pick(next);
      const pid = this.maxPid + offset;
      added.push(makeProcess(next, pid, parent.pid, parent.jail, parent.jail ? pid : null));
    }
    for (const process of changed.values()) this.processes[this.indexOf.get(process.pid) ?? 0] = process;
    for (const pid of removed) this.forget(pid);
    for (const process of added) this.track(process, this.processes.push(process) - 1);
    return { seq: this.seq, takenAt: START + 86_400_000 + this.seq * 100, upserts: [...changed.values(), ...added], removed: [...removed] };
  }

  private pick(next: () => number): ProcessInfo {
    return this.processes[Math.floor(next() * this.processes.length)] as ProcessInfo;
  }

  private track(process: ProcessInfo, index: number): void {
    this.indexOf.set(process.pid, index);
    this.childCount.set(process.ppid, (this.childCount.get(process.ppid) ?? 0) + 1);
    this.maxPid = Math.max(this.maxPid, process.pid);
  }

  /** Swaps the last process into the gap: order here is only for drawing at random. */
  private forget(pid: number): void {
    const index = this.indexOf.get(pid) ?? -1;
    const process = this.processes[index];
    const last = this.processes.pop();
    if (!process || !last) return;
    if (last !== process) {
      this.processes[index] = last;
      this.indexOf.set(last.pid, index);
    }
    this.indexOf.delete(pid);
    this.childCount.set(process.ppid, (this.childCount.get(process.ppid) ?? 1) - 1);
  }
}
