import { readFile } from "node:fs/promises";
import path from "node:path";
import type { HostMount } from "../../../protocol";
import { describeHostMount } from "./host-mounts";
import { DROPPED_CAPABILITIES } from "./security-config";

/**
 * What an LXC config grants, as the parameters the shared posture rules assess. Read from the
 * config LXC will actually use (so adopted containers and hand edits are judged too), not from
 * what Stockade meant to write.
 */
export interface ContainmentFacts {
  privileged: boolean;
  /** Nested containers: nesting.conf, or /proc, /sys or the cgroup tree mounted writable. */
  nesting: boolean;
  /** Capabilities every Stockade jail drops that this one keeps, comma-separated. */
  "capabilities.kept": string;
  /** CAP_NET_RAW kept: raw and packet sockets on the jail's interfaces. */
  "allow.raw_sockets": boolean;
  /** Host paths mounted into the jail, "source -> target (ro|rw)", comma-separated. */
  "mounts.host": string;
  /** Host namespaces the jail shares or keeps, comma-separated. */
  "namespaces.shared": string;
  seccomp: boolean;
}

function values(lines: { key: string; value: string }[], key: string): string[] {
  const found: string[] = [];
  for (const line of lines) {
    if (line.key !== key) continue;
    // An empty value clears what came before, as LXC reads it.
    if (line.value === "") found.length = 0;
    else found.push(line.value);
  }
  return found;
}

function parseLines(text: string): { key: string; value: string }[] {
  return text.split("\n").flatMap((raw) => {
    const line = raw.trim();
    const eq = line.indexOf("=");
    if (line.startsWith("#") || eq === -1) return [];
    return [{ key: line.slice(0, eq).trim(), value: line.slice(eq + 1).trim() }];
  });
}

/** What LXC's common.conf drops, for containers that include it instead of listing their own. */
const COMMON_CONF_DROPS = ["mac_admin", "mac_override", "sys_time", "sys_module", "sys_rawio"];

function keptCapabilities(lines: { key: string; value: string }[], includesCommon: boolean): string[] {
  const expected: readonly string[] = DROPPED_CAPABILITIES;
  const keep = values(lines, "lxc.cap.keep").flatMap((v) => v.split(/\s+/));
  const dropped = new Set([...values(lines, "lxc.cap.drop").flatMap((v) => v.split(/\s+/)), ...(includesCommon ? COMMON_CONF_DROPS : [])]);
  if (keep.length > 0) return keep.filter((cap) => expected.includes(cap));
  return expected.filter((cap) => !dropped.has(cap));
}

function hostMounts(lines: { key: string; value: string }[]): string[] {
  return values(lines, "lxc.mount.entry").flatMap((entry) => {
    const [source = "", target = "", , options = ""] = entry.split(/\s+/);
    if (!source.startsWith("/")) return [];
    return [`${source} -> /${target.replace(/^\/+/, "")} (${options.split(",").includes("ro") ? "ro" : "rw"})`];
  });
}

export function containmentFacts(configText: string): ContainmentFacts {
  const lines = parseLines(configText);
  const includes = values(lines, "lxc.include");
  const includesCommon = includes.some((i) => i.endsWith("/common.conf"));
  const auto = values(lines, "lxc.mount.auto").join(" ");
  const shared = [
    ...lines
      .filter((l) => l.key.startsWith("lxc.namespace.share.") && l.value !== "")
      .map((l) => l.key.slice("lxc.namespace.share.".length)),
    ...values(lines, "lxc.namespace.keep").flatMap((v) => v.split(/\s+/)),
  ];
  const dropped = new Set(values(lines, "lxc.cap.drop").flatMap((v) => v.split(/\s+/)));
  const keep = values(lines, "lxc.cap.keep").flatMap((v) => v.split(/\s+/));
  const privileged = !values(lines, "lxc.idmap").some((v) => /^u\s+0\s/.test(v));
  return {
    privileged,
    nesting: includes.some((i) => i.endsWith("/nesting.conf")) || /\b(proc|sys|cgroup|cgroup-full):rw\b/.test(auto),
    "capabilities.kept": keptCapabilities(lines, includesCommon).join(","),
    "allow.raw_sockets": keep.length > 0 ? keep.includes("net_raw") : !dropped.has("net_raw"),
    "mounts.host": hostMounts(lines).join(", "),
    "namespaces.shared": [...new Set(shared)].join(","),
    seccomp: values(lines, "lxc.seccomp.profile").length > 0 || includesCommon,
  };
}

/**
 * The facts as jail parameters: lists only when they name something. The host paths the agent
 * mounts itself (the definition's) are not in LXC's config and are added to what it names.
 */
export async function containmentParameters(
  lxcPath: string,
  name: string,
  agentMounts: readonly HostMount[] = [],
): Promise<Record<string, string | boolean>> {
  const text = await readFile(path.join(lxcPath, name, "config"), "utf8").catch(() => null);
  if (text === null) return {};
  const facts = containmentFacts(text);
  facts["mounts.host"] = [facts["mounts.host"], ...agentMounts.map(describeHostMount)].filter(Boolean).join(", ");
  return Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== ""));
}
