import { formatCpus } from "@/app/_components/figures";
import { formatBytes, formatDuration } from "@/app/_components/process-tree/format";
import type { HostState } from "@/server/fleet/host-state";

/** What one row of the Hosts table says, worked out apart from the markup so it can be tested. */
export interface HostRow {
  state: { label: "reachable" | "unreachable" | "pending"; tone: "ok" | "down" | "pending"; detail: string | null };
  system: string;
  jails: string;
  cpu: string;
  memory: string;
  agent: string;
  protocol: { label: string; older: boolean; title: string };
  lastSeen: string;
}

export function ago(iso: string | null, at: string): string {
  if (iso === null) return "never";
  const ms = Math.max(0, Date.parse(at) - Date.parse(iso));
  return ms < 60_000 ? `${Math.round(ms / 1000)} s ago` : `${formatDuration(ms)} ago`;
}

function stateOf(host: HostState, at: string): HostRow["state"] {
  if (host.reachability === "reachable") return { label: "reachable", tone: "ok", detail: null };
  if (host.reachability === "checking") return { label: "pending", tone: "pending", detail: "first check under way" };
  const why = host.refused === "fingerprint" ? "it showed another certificate than the recorded one" : host.error;
  return { label: "unreachable", tone: "down", detail: `since ${ago(host.since, at)}${why ? `: ${why}` : ""}` };
}

function protocolOf(host: HostState): HostRow["protocol"] {
  if (!host.protocol) return { label: "—", older: false, title: "Not known until the agent answers" };
  const { agent, web, older } = host.protocol;
  if (!older) return { label: `${agent}`, older, title: `The agent speaks protocol ${agent}, as this web does` };
  return {
    label: `${agent} (older)`,
    older,
    title: `The agent speaks protocol ${agent}, this web ${web}: methods added since are not sent to it; update the agent`,
  };
}

export function hostRow(host: HostState, at: string): HostRow {
  const info = host.info;
  const running = host.jails.filter((jail) => jail.state === "running").length;
  return {
    state: stateOf(host, at),
    system: info ? `${info.os} · ${info.driver}${info.recorded ? " (recorded)" : ""}` : "—",
    jails: info ? `${host.jails.length} (${running} running)` : "—",
    cpu: info && host.usage ? formatCpus(host.usage.cpuPercent, info.cpuCount) : "—",
    memory: info && host.usage ? `${formatBytes(host.usage.memoryBytes)} of ${formatBytes(info.memoryBytes)}` : "—",
    agent: info ? info.agentVersion : "—",
    protocol: protocolOf(host),
    lastSeen: host.reachability === "reachable" ? "now" : ago(host.lastSeen, at),
  };
}
