import fs from "node:fs";
import type { Usage } from "../../../protocol";
import { detectCgroupVersion, findJailCgroups, type CgroupVersion, type JailCgroups } from "./cgroup";
import { isVanished } from "./files";
import type { JailRef } from "./processes";
import { parseStat } from "./stat";
import { readUptime } from "./system";

/** Opaque to callers: hand the last one back to get cpuPercent over the interval. */
export interface UsageState {
  readonly key: string;
  readonly cpuSeconds: number;
  readonly at: number;
}

export interface UsageReading {
  usage: Usage;
  state: UsageState;
}

export interface UsageReaderOptions {
  procRoot?: string;
  /** Detected with statfs of /sys/fs/cgroup when not given. */
  cgroupVersion?: CgroupVersion;
  clockTicks?: number;
  now?: () => number;
}

export interface UsageReader {
  readJailUsage(jail: JailRef, previous?: UsageState): Promise<UsageReading>;
  readHostUsage(previous?: UsageState): Promise<UsageReading>;
}

/** v1 reports "no limit" as the largest page-aligned signed 64-bit value. */
const UNLIMITED_BYTES = 2 ** 62;

export function createUsageReader(options: UsageReaderOptions = {}): UsageReader {
  const procRoot = options.procRoot ?? "/proc";
  const clockTicks = options.clockTicks ?? 100;
  const now = options.now ?? (() => performance.timeOrigin + performance.now());
  let version = options.cgroupVersion;

  return {
    async readJailUsage(jail, previous) {
      version ??= detectCgroupVersion();
      const at = now();
      const dirs = findJailCgroups(procRoot, jail.name, jail.initPid, version);
      const usage = readCgroups(dirs, jail.name);
      const key = `${jail.name}:${jail.initPid}`;
      const lifetime = () => usage.cpuSeconds / (readUptime(procRoot) - initStartSeconds(procRoot, jail, clockTicks));
      usage.cpuPercent = percent(usage.cpuSeconds, { key, at }, previous, lifetime);
      return { usage, state: { key, cpuSeconds: usage.cpuSeconds, at } };
    },
    async readHostUsage(previous) {
      const at = now();
      const usage = readHost(procRoot, clockTicks);
      const key = "host";
      usage.cpuPercent = percent(usage.cpuSeconds, { key, at }, previous, () => usage.cpuSeconds / readUptime(procRoot));
      return { usage, state: { key, cpuSeconds: usage.cpuSeconds, at } };
    },
  };
}

let defaultReader: UsageReader | null = null;

export function readJailUsage(jail: JailRef, previous?: UsageState): Promise<UsageReading> {
  defaultReader ??= createUsageReader();
  return defaultReader.readJailUsage(jail, previous);
}

export function readHostUsage(previous?: UsageState): Promise<UsageReading> {
  defaultReader ??= createUsageReader();
  return defaultReader.readHostUsage(previous);
}

/**
 * Percent of one CPU (like ps) over the interval since `previous`; without a usable previous
 * (first reading, another jail, a restart reset the counter) the average over the lifetime.
 */
function percent(
  cpuSeconds: number,
  current: { key: string; at: number },
  previous: UsageState | undefined,
  lifetimeShare: () => number,
): number {
  const usable = previous?.key === current.key && previous.at < current.at && previous.cpuSeconds <= cpuSeconds;
  const share = usable ? (cpuSeconds - previous.cpuSeconds) / ((current.at - previous.at) / 1000) : lifetimeShare();
  return Number.isFinite(share) && share > 0 ? Math.round(share * 1000) / 10 : 0;
}

function readCgroups(dirs: JailCgroups, name: string): Usage {
  const v2 = dirs.version === 2;
  const cpu = v2 ? (keyed(dirs.cpu, "cpu.stat").get("usage_usec") ?? 0) / 1e6 : (number(dirs.cpu, "cpuacct.usage") ?? 0) / 1e9;
  const limit = number(dirs.memory, v2 ? "memory.max" : "memory.limit_in_bytes");
  const processLimit = number(dirs.pids, "pids.max");
  return {
    jail: name,
    cpuSeconds: cpu,
    cpuPercent: 0,
    memoryBytes: number(dirs.memory, v2 ? "memory.current" : "memory.usage_in_bytes") ?? 0,
    memoryLimitBytes: limit === null || limit >= UNLIMITED_BYTES ? null : limit,
    processCount: number(dirs.pids, "pids.current") ?? countLines(dirs.memory ?? dirs.cpu, "cgroup.procs"),
    processLimit,
    oomKills: keyed(dirs.memory, v2 ? "memory.events" : "memory.oom_control").get("oom_kill") ?? 0,
    refusedForks: keyed(dirs.pids, "pids.events").get("max") ?? 0,
  };
}

function readHost(procRoot: string, clockTicks: number): Usage {
  const cpu =
    /^cpu\s+(.*)$/m
      .exec(fs.readFileSync(`${procRoot}/stat`, "latin1"))?.[1]
      ?.split(/\s+/)
      .map(Number) ?? [];
  // user nice system idle iowait irq softirq steal: busy is all but idle and iowait (guest is inside user).
  const busyTicks = [0, 1, 2, 5, 6, 7].reduce((sum, index) => sum + (cpu[index] ?? 0), 0);
  const memory = keyed(procRoot, "meminfo");
  const total = (memory.get("MemTotal:") ?? 0) * 1024;
  const pidMax = number(procRoot, "sys/kernel/pid_max");
  const threadsMax = number(procRoot, "sys/kernel/threads-max");
  return {
    jail: null,
    cpuSeconds: busyTicks / clockTicks,
    cpuPercent: 0,
    memoryBytes: total - (memory.get("MemAvailable:") ?? 0) * 1024,
    memoryLimitBytes: total,
    processCount: fs.readdirSync(procRoot).filter((name) => /^\d+$/.test(name)).length,
    processLimit: pidMax === null || threadsMax === null ? (pidMax ?? threadsMax) : Math.min(pidMax, threadsMax),
    oomKills: keyed(procRoot, "vmstat").get("oom_kill") ?? 0,
    // The host root has no pids.events; nothing counts refused forks there.
    refusedForks: 0,
  };
}

function initStartSeconds(procRoot: string, jail: JailRef, clockTicks: number): number {
  const bytes = readOptional(`${procRoot}/${jail.initPid}/stat`);
  const stat = bytes === null ? null : parseStat(Buffer.from(bytes, "latin1"), bytes.length);
  return (stat?.startTicks ?? 0) / clockTicks;
}

/** A one-value file; "max" (no limit) and a missing file or controller read as null. */
function number(dir: string | null, file: string): number | null {
  const text = dir === null ? null : readOptional(`${dir}/${file}`)?.trim();
  if (text === undefined || text === null || text === "max" || text === "") return null;
  return Number(text);
}

/** "key value" lines (memory.events, pids.events, cpu.stat, meminfo, vmstat). */
function keyed(dir: string | null, file: string): Map<string, number> {
  const result = new Map<string, number>();
  const text = dir === null ? null : readOptional(`${dir}/${file}`);
  for (const line of text?.split("\n") ?? []) {
    const [key, value] = line.trim().split(/\s+/);
    if (key && value !== undefined) result.set(key, Number(value));
  }
  return result;
}

function countLines(dir: string | null, file: string): number {
  const text = dir === null ? null : readOptional(`${dir}/${file}`);
  return text?.split("\n").filter((line) => line !== "").length ?? 0;
}

function readOptional(path: string): string | null {
  try {
    return fs.readFileSync(path, "latin1");
  } catch (error) {
    if (isVanished(error)) return null;
    throw error;
  }
}
