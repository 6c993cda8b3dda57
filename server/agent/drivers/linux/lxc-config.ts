import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { AgentError, type JailLimits } from "../../protocol";
import { broadcastAddress, type Pool } from "../shared/ip-pool";
import { isSecurityKey, securityLines } from "./contain/security-config";
import type { JailDefinition } from "./store";

export type CgroupVersion = 1 | 2;

const MARKER = "# --- Stockade: everything below is rewritten by the agent ---";
const CPU_PERIOD_US = 100_000;
/** Keys Stockade owns; a template's own value is dropped so ours is the only one. */
const MANAGED_PREFIXES = [
  "lxc.uts.name",
  "lxc.net.",
  "lxc.apparmor.profile",
  "lxc.init.cmd",
  "lxc.cgroup.memory.",
  "lxc.cgroup.pids.",
  "lxc.cgroup.cpu.",
  "lxc.cgroup2.memory.",
  "lxc.cgroup2.pids.",
  "lxc.cgroup2.cpu.",
];

export interface CgroupSetting {
  /** The controller file, as lxc-cgroup and lxc.cgroup[2].<key> name it. */
  key: string;
  value: string;
}

/** Settings for the limits present in `limits`; null means "no limit". */
export function limitSettings(limits: JailLimits, version: CgroupVersion): CgroupSetting[] {
  const settings: CgroupSetting[] = [];
  const unlimited = version === 1 ? "-1" : "max";
  if (limits.memoryBytes !== undefined) {
    settings.push({
      key: version === 1 ? "memory.limit_in_bytes" : "memory.max",
      value: limits.memoryBytes === null ? unlimited : String(limits.memoryBytes),
    });
  }
  if (limits.maxProcesses !== undefined) {
    settings.push({ key: "pids.max", value: limits.maxProcesses === null ? "max" : String(limits.maxProcesses) });
  }
  if (limits.cpuPercent !== undefined) {
    const quota = limits.cpuPercent === null ? null : (limits.cpuPercent * CPU_PERIOD_US) / 100;
    if (version === 1) {
      settings.push({ key: "cpu.cfs_period_us", value: String(CPU_PERIOD_US) });
      settings.push({ key: "cpu.cfs_quota_us", value: quota === null ? "-1" : String(quota) });
    } else {
      settings.push({ key: "cpu.max", value: `${quota === null ? "max" : quota} ${CPU_PERIOD_US}` });
    }
  }
  return settings;
}

export interface ConfigContext {
  bridge: string;
  pool: Pool;
  cgroupVersion: CgroupVersion;
  /** Without AppArmor in the kernel LXC refuses to start a confined container. */
  appArmor: boolean;
}

/** Host-side veth names are limited to 15 characters; hashing the path keeps test agents apart. */
export function vethPairName(lxcPath: string, name: string): string {
  return `stk${createHash("sha256").update(`${lxcPath}\0${name}`).digest("hex").slice(0, 12)}`;
}

/**
 * LXC's config is one key = value per line: a value with a line break would add keys of its
 * own (a mount, a hook run as root on the host). Definitions are validated on read, so this
 * only trips on a bug; it is the last check before the file is written.
 */
function assertOneLine(lines: string[]): string[] {
  const bad = lines.find((line) => /[\n\r\0]/.test(line));
  if (bad !== undefined) {
    throw new AgentError("internal", "Refusing to write an LXC config value with a line break or NUL", { line: JSON.stringify(bad) });
  }
  return lines;
}

export function managedBlock(def: JailDefinition, ctx: ConfigContext): string[] {
  const prefix = ctx.cgroupVersion === 1 ? "lxc.cgroup" : "lxc.cgroup2";
  const fullLimits = {
    memoryBytes: def.limits.memoryBytes ?? undefined,
    maxProcesses: def.limits.maxProcesses ?? undefined,
    cpuPercent: def.limits.cpuPercent ?? undefined,
  };
  const network = [
    "lxc.net.0.type = veth",
    `lxc.net.0.link = ${ctx.bridge}`,
    "lxc.net.0.flags = up",
    "lxc.net.0.name = eth0",
    `lxc.net.0.veth.pair = ${def.vethPair}`,
    `lxc.net.0.ipv4.address = ${def.ipv4}/${ctx.pool.prefixLength} ${broadcastAddress(ctx.pool)}`,
    `lxc.net.0.ipv4.gateway = ${ctx.pool.gateway}`,
  ];
  const lines = [
    MARKER,
    `lxc.uts.name = ${def.hostname}`,
    ...(ctx.appArmor ? [] : ["lxc.apparmor.profile = unconfined"]),
    ...(def.network === "external" ? [] : network),
    ...limitSettings(fullLimits, ctx.cgroupVersion).map((s) => `${prefix}.${s.key} = ${s.value}`),
    ...securityLines({
      cgroupVersion: ctx.cgroupVersion,
      idRangeStart: def.security.idRangeStart,
      dropRawSockets: def.parameters["allow.raw_sockets"] === false,
    }),
  ];
  // sysvinit from the Debian base: it runs the rc scripts, so installed services start at boot.
  if (def.template === "debian") lines.push("lxc.init.cmd = /sbin/init");
  return assertOneLine(lines);
}

/** An adopted container on its own network keeps its lxc.net.* lines: they are not Stockade's. */
function isManaged(line: string, def: JailDefinition): boolean {
  const trimmed = line.trim();
  if (def.network === "external" && trimmed.startsWith("lxc.net.")) return false;
  return MANAGED_PREFIXES.some((p) => trimmed.startsWith(p)) || isSecurityKey(trimmed);
}

/** Keeps what LXC and the template wrote, replaces Stockade's keys with the definition's. */
export function renderJailConfig(current: string, def: JailDefinition, ctx: ConfigContext): string {
  const markerAt = current.indexOf(MARKER);
  const own = (markerAt === -1 ? current : current.slice(0, markerAt)).split("\n").filter((l) => !isManaged(l, def));
  while (own.length && own[own.length - 1]!.trim() === "") own.pop();
  return [...own, "", ...managedBlock(def, ctx), ""].join("\n");
}

export const jailConfigPath = (lxcPath: string, name: string) => path.join(lxcPath, name, "config");

export async function readJailConfig(lxcPath: string, name: string): Promise<string | null> {
  return readFile(jailConfigPath(lxcPath, name), "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return null;
    throw error;
  });
}

export async function writeJailConfig(lxcPath: string, def: JailDefinition, ctx: ConfigContext): Promise<void> {
  const file = jailConfigPath(lxcPath, def.name);
  await writeFile(file, renderJailConfig(await readFile(file, "utf8"), def, ctx));
}

/** The first IPv4 address an LXC config gives its first interface (for adopted containers). */
export async function readConfiguredIpv4(lxcPath: string, name: string): Promise<string | null> {
  const text = await readFile(path.join(lxcPath, name, "config"), "utf8").catch(() => "");
  const match = /^\s*lxc\.net\.0\.ipv4\.address\s*=\s*([0-9.]+)/m.exec(text);
  return match?.[1] ?? null;
}
