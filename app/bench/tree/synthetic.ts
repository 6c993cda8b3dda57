/**
 * A deterministic synthetic host for the tree benchmark: 5,000 processes, 5 LXC-style jails
 * hanging from monitor processes, and live updates shaped like the agent's deltas (a few
 * dozen CPU changes, a few processes come and go, unchanged rows keep their identity).
 */
import type { ProcessInfo, ProcessSnapshot } from "@/server/agent/protocol";

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

/** One live tick: ~50 CPU changes, 3 exits (leaves only) and 3 new children. */
export function syntheticUpdate(snapshot: ProcessSnapshot, tick: number): ProcessSnapshot {
  const next = random(tick * 7919 + 17);
  const list = snapshot.processes;
  const changed = new Map<number, ProcessInfo>();
  for (let i = 0; i < 50; i++) {
    const process = list[Math.floor(next() * list.length)];
    if (process) changed.set(process.pid, { ...process, cpuPercent: Math.round(next() * 400) / 10 });
  }
  const parents = new Set(list.map((process) => process.ppid));
  const removed = new Set<number>();
  while (removed.size < 3) {
    const process = list[Math.floor(next() * list.length)];
    if (process && process.pid > 1 && !parents.has(process.pid)) removed.add(process.pid);
  }
  const maxPid = list.reduce((max, process) => Math.max(max, process.pid), 0);
  const added = [1, 2, 3].map((offset) => {
    const parent = list[Math.floor(next() * list.length)] ?? list[0];
    return makeProcess(next, maxPid + offset, parent?.pid ?? 1, parent?.jail ?? null, parent?.jail ? maxPid + offset : null);
  });
  const processes = list.filter((process) => !removed.has(process.pid)).map((process) => changed.get(process.pid) ?? process);
  return { takenAt: snapshot.takenAt + 100, processes: [...processes, ...added], jailAnchors: snapshot.jailAnchors };
}
