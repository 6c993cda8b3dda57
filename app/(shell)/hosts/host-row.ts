import { formatCpus } from "@/app/_components/figures";
import { formatBytes, formatDuration } from "@/app/_components/process-tree/format";
import type { CertificateRefusal } from "@/server/agent-client/tls-refusals";
import type { HostState } from "@/server/fleet/host-state";

/** What one row of the Hosts table says, worked out apart from the markup so it can be tested. */
export interface HostRow {
  state: {
    label: "reachable" | "unreachable" | "refused" | "pending";
    tone: "ok" | "down" | "refused" | "pending";
    detail: string | null;
    /** The web's whole message, for the tooltip. */
    title: string | null;
  };
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

/** Each refusal in words an admin can act on; the web's full message is the tooltip. */
export const REFUSAL_WORDING: Record<CertificateRefusal, string> = {
  fingerprint: "it showed another certificate than the recorded one (fingerprint mismatch)",
  impersonation: "its certificate was issued to another host: impersonation refused",
  revoked: "its certificate is revoked; enrol it again with host add --renew",
  untrusted: "its certificate is not from this web's Stockade CA",
  "client-revoked": "its agent refuses this web's client certificate as revoked (on the CRL it was given)",
  "client-unknown-ca": "its agent refuses this web's client certificate: it trusts another CA; give it this web's ca.crt",
  "client-expired": "its agent refuses this web's client certificate as expired (or not valid yet: check both clocks)",
  "client-bad-certificate": "its agent refuses this web's client certificate as unusable for a client",
  "client-no-certificate": "its agent says this web sent no client certificate",
};

function stateOf(host: HostState, at: string): HostRow["state"] {
  if (host.reachability === "reachable") return { label: "reachable", tone: "ok", detail: null, title: null };
  if (host.reachability === "checking") return { label: "pending", tone: "pending", detail: "first check under way", title: null };
  const since = `since ${ago(host.since, at)}`;
  if (host.refused) return { label: "refused", tone: "refused", detail: `${since}: ${REFUSAL_WORDING[host.refused]}`, title: host.error };
  return { label: "unreachable", tone: "down", detail: `${since}${host.error ? `: ${host.error}` : ""}`, title: host.error };
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
