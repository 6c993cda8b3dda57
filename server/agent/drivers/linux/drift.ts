/**
 * Drift of a Linux jail: the limits its running cgroup has (someone ran lxc-cgroup, or wrote
 * the cgroup files) against the limits its definition gives it. Read from the cgroup files
 * of the jail's init at each listing, the same read that shows the jail; nothing polls.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Jail, JailLimits } from "../../protocol";
import { cgroupDir } from "./cgroup";
import type { LinuxContext } from "./context";
import type { LxcEntry } from "./lxc";
import { limitSettings, type CgroupSetting, type CgroupVersion } from "./lxc-config";
import type { JailDefinition } from "./store";

export type Drift = NonNullable<Jail["drift"]>;

/** cgroup v2 writes "max" for no limit; v1 a huge number or -1. */
const unlimited = (value: string) => value === "max" || value === "-1" || /^9223372036854\d{6}$/.test(value);

/** What the definition says each controller file should hold ("max" where it sets no limit). */
export function expectedSettings(def: JailDefinition, version: CgroupVersion): CgroupSetting[] {
  const { memoryBytes = null, maxProcesses = null, cpuPercent = null } = def.limits;
  return limitSettings({ memoryBytes, maxProcesses, cpuPercent }, version).filter((s) => s.key !== "cpu.cfs_period_us");
}

/** The keys whose live value differs from the expected one, as drift entries ("limits.<controller file>"). */
export function compareSettings(expected: readonly CgroupSetting[], live: ReadonlyMap<string, string>): Drift {
  const drift: Drift = [];
  for (const { key, value } of expected) {
    const running = live.get(key);
    if (running === undefined) continue;
    const same = unlimited(value) ? unlimited(running.split(" ")[0]!) : running === value;
    if (!same) drift.push({ key: `limits.${key}`, defined: value, running });
  }
  return drift;
}

async function liveSettings(pid: number, version: CgroupVersion, keys: readonly string[]): Promise<Map<string, string>> {
  const live = new Map<string, string>();
  for (const key of keys) {
    const dir = await cgroupDir(pid, key.split(".")[0]!, version);
    const text = dir === null ? null : await readFile(path.join(dir, key), "utf8").catch(() => null);
    if (text !== null) live.set(key, text.trim());
  }
  return live;
}

export async function limitDrift(ctx: LinuxContext, def: JailDefinition, entry: LxcEntry | undefined): Promise<Drift | undefined> {
  if (!entry?.pid || entry.state !== "RUNNING") return undefined;
  const expected = expectedSettings(def, ctx.cgroupVersion);
  return compareSettings(
    expected,
    await liveSettings(
      entry.pid,
      ctx.cgroupVersion,
      expected.map((s) => s.key),
    ),
  );
}

const LIMIT_FIELDS: Record<string, keyof JailLimits> = {
  "limits.memory.max": "memoryBytes",
  "limits.memory.limit_in_bytes": "memoryBytes",
  "limits.pids.max": "maxProcesses",
  "limits.cpu.max": "cpuPercent",
  "limits.cpu.cfs_quota_us": "cpuPercent",
};

/** A controller file's text as a limit: null for none, cpu.max's "QUOTA PERIOD" as a percentage. */
function limitFrom(key: string, text: string): number | null {
  const [first = "", period] = text.split(" ");
  if (unlimited(first)) return null;
  if (key === "limits.cpu.max") return Math.round((Number(first) * 100) / Number(period ?? 100_000));
  if (key === "limits.cpu.cfs_quota_us") return Math.round(Number(first) / 1000);
  return Number(first);
}

/** The limits that make a drifted jail agree again: its definition's (set live again) or the running ones (written down). */
export function reconcilingLimits(def: JailDefinition, drift: Drift, keep: "definition" | "running"): JailLimits {
  const limits: JailLimits = {};
  for (const { key, running } of drift) {
    const field = LIMIT_FIELDS[key];
    if (!field) continue;
    limits[field] = keep === "definition" ? (def.limits[field] ?? null) : running === null ? null : limitFrom(key, running);
  }
  return limits;
}
