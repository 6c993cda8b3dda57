import { readFile } from "node:fs/promises";
import path from "node:path";
import type { CgroupVersion } from "./lxc-config";

const CGROUP_ROOT = "/sys/fs/cgroup";

/** The directory of a process's cgroup for one controller, from /proc/PID/cgroup (never guessed). */
export async function cgroupDir(pid: number, controller: string, version: CgroupVersion): Promise<string | null> {
  const text = await readFile(`/proc/${pid}/cgroup`, "utf8").catch(() => null);
  if (text === null) return null;
  for (const line of text.split("\n")) {
    const [, controllers = "", cgroupPath = ""] = line.split(":");
    if (version === 2 && line.startsWith("0::")) return path.join(CGROUP_ROOT, cgroupPath);
    if (version === 1 && controllers.split(",").includes(controller)) return path.join(CGROUP_ROOT, controllers, cgroupPath);
  }
  return null;
}

/** A "key value" line from a flat-keyed cgroup file such as pids.events or memory.oom_control. */
export async function readKeyedCounter(file: string, key: string): Promise<number> {
  const text = await readFile(file, "utf8").catch(() => "");
  const match = new RegExp(`^${key} (\\d+)$`, "m").exec(text);
  return match ? Number(match[1]) : 0;
}

export interface LimitCounters {
  refusedForks: number;
  oomKills: number;
}

export async function readLimitCounters(pid: number, version: CgroupVersion): Promise<LimitCounters | null> {
  const [pidsDir, memoryDir] = await Promise.all([cgroupDir(pid, "pids", version), cgroupDir(pid, "memory", version)]);
  if (pidsDir === null || memoryDir === null) return null;
  const [refusedForks, oomKills] = await Promise.all([
    readKeyedCounter(path.join(pidsDir, "pids.events"), "max"),
    readKeyedCounter(path.join(memoryDir, version === 1 ? "memory.oom_control" : "memory.events"), "oom_kill"),
  ]);
  return { refusedForks, oomKills };
}
