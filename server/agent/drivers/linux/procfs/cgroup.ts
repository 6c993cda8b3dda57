import fs from "node:fs";
import { isVanished } from "./files";

const CGROUP2_SUPER_MAGIC = 0x63677270;

export type CgroupVersion = 1 | 2;

/** Where one jail's accounting files live: a directory per controller (v1) or one (v2). */
export interface JailCgroups {
  version: CgroupVersion;
  cpu: string | null;
  memory: string | null;
  pids: string | null;
}

/** cgroup2fs at the root means the unified hierarchy; tmpfs means v1 (or hybrid, read as v1). */
export function detectCgroupVersion(cgroupRoot = "/sys/fs/cgroup"): CgroupVersion {
  return Number(fs.statfsSync(cgroupRoot).type) === CGROUP2_SUPER_MAGIC ? 2 : 1;
}

/**
 * The jail's cgroup directories, from where its init is (/proc/INIT/cgroup) and where each
 * hierarchy is mounted (/proc/self/mountinfo). If init sits in a child cgroup of the jail's
 * (a systemd guest's init.scope), the jail's own `lxc.payload.NAME` level is used instead.
 */
export function findJailCgroups(procRoot: string, name: string, initPid: number, version: CgroupVersion): JailCgroups {
  const membership = parseProcCgroup(readRequired(`${procRoot}/${initPid}/cgroup`, name, initPid));
  const mounts = parseCgroupMounts(fs.readFileSync(`${procRoot}/self/mountinfo`, "utf8"));
  const dir = (controller: string): string | null => {
    const key = version === 2 ? "" : controller;
    const mount = mounts.get(version === 2 ? "cgroup2" : key);
    const path = membership.get(key);
    return mount === undefined || path === undefined ? null : `${mount}${jailLevel(path, name)}`;
  };
  return { version, cpu: dir(version === 2 ? "cpu" : "cpuacct"), memory: dir("memory"), pids: dir("pids") };
}

/** controller → path in its hierarchy; v2's single line is keyed by "". */
export function parseProcCgroup(text: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const line of text.split("\n")) {
    const match = /^\d+:([^:]*):(.*)$/.exec(line);
    if (match === null) continue;
    const [, controllers = "", path = ""] = match;
    for (const controller of controllers === "" ? [""] : controllers.split(",")) result.set(controller, path);
  }
  return result;
}

/** v1 controller (or "cgroup2") → mount point, from mountinfo. */
export function parseCgroupMounts(mountinfo: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const line of mountinfo.split("\n")) {
    const [left = "", right = ""] = line.split(" - ");
    const mountPoint = unescapeMount(left.split(" ")[4] ?? "");
    const [fsType, , superOptions = ""] = right.split(" ");
    if (fsType === "cgroup2" && !result.has("cgroup2")) result.set("cgroup2", mountPoint);
    if (fsType !== "cgroup") continue;
    for (const option of superOptions.split(",")) if (!result.has(option)) result.set(option, mountPoint);
  }
  return result;
}

function jailLevel(path: string, name: string): string {
  const segment = `/lxc.payload.${name}`;
  const at = path.indexOf(`${segment}/`);
  return at < 0 ? path : path.slice(0, at + segment.length);
}

function unescapeMount(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

function readRequired(path: string, name: string, initPid: number): string {
  try {
    return fs.readFileSync(path, "utf8");
  } catch (error) {
    if (isVanished(error)) throw new Error(`jail ${name} is not running (init pid ${initPid} is gone)`);
    throw error;
  }
}
