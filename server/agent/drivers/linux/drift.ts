/**
 * Drift of a Linux jail: Stockade's block of its LXC config edited by hand, and the limits its
 * running cgroup has (someone ran lxc-cgroup) against the limits its definition gives it.
 * Compared at each listing, from the same reads that show the jail; nothing polls.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Jail, JailLimits } from "../../protocol";
import { cgroupDir } from "./cgroup";
import type { LinuxContext } from "./context";
import type { LxcEntry } from "./lxc";
import { limitSettings, renderJailConfig, type CgroupSetting, type CgroupVersion, type ConfigContext } from "./lxc-config";
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

/** Each key of a config's lines, its values in order (LXC keys such as lxc.cap.drop repeat). */
function keyedLines(text: string): Map<string, string> {
  const keyed = new Map<string, string>();
  for (const line of text.split("\n")) {
    const eq = line.indexOf("=");
    if (line.trim().startsWith("#") || eq === -1) continue;
    const [key, value] = [line.slice(0, eq).trim(), line.slice(eq + 1).trim()];
    keyed.set(key, keyed.has(key) ? `${keyed.get(key)}, ${value}` : value);
  }
  return keyed;
}

/** The managed block edited by hand: the config on disk against what the definition renders ("config:<key>"). */
export function configDrift(text: string, def: JailDefinition, config: ConfigContext): Drift {
  const expected = renderJailConfig(text, def, config);
  if (expected === text) return [];
  const [want, have] = [keyedLines(expected), keyedLines(text)];
  return [...new Set([...want.keys(), ...have.keys()])]
    .filter((key) => want.get(key) !== have.get(key))
    .map((key) => ({ key: `config:${key}`, defined: want.get(key) ?? null, running: have.get(key) ?? null }));
}

/** Hand edits of the config, then the running cgroup's limits (only while it runs). */
export async function jailDrift(ctx: LinuxContext, def: JailDefinition, entry: LxcEntry | undefined, text: string | null): Promise<Drift> {
  const drift = text === null ? [] : configDrift(text, def, ctx.config);
  if (!entry?.pid || entry.state !== "RUNNING") return drift;
  const expected = expectedSettings(def, ctx.cgroupVersion);
  const live = await liveSettings(
    entry.pid,
    ctx.cgroupVersion,
    expected.map((s) => s.key),
  );
  return [...drift, ...compareSettings(expected, live)];
}

export const LIMIT_FIELDS: Record<string, keyof JailLimits> = {
  "limits.memory.max": "memoryBytes",
  "limits.memory.limit_in_bytes": "memoryBytes",
  "limits.pids.max": "maxProcesses",
  "limits.cpu.max": "cpuPercent",
  "limits.cpu.cfs_quota_us": "cpuPercent",
};

/** A controller file's text as a limit: null for none, cpu.max's "QUOTA PERIOD" as a percentage. */
export function limitFrom(key: string, text: string): number | null {
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
