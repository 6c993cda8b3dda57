import { PROTOCOL_VERSION, type HostInfo, type Jail, type Usage } from "@/server/agent/protocol";
import { isCertificateRefusal, type CertificateRefusal } from "@/server/agent-client";
import type { HostReading } from "./host-reading";

export type Reachability = "checking" | "reachable" | "unreachable";

/** One host as the Hosts page lists it; the last good reading is kept while the host is away. */
export interface HostState {
  id: string;
  name: string;
  /** host:port of a remote agent over mTLS; null for this machine's agent on its Unix socket. */
  address: string | null;
  reachability: Reachability;
  /** When reachability last changed (ISO). */
  since: string;
  /** When the agent last answered (ISO); null if it never has since this web process started. */
  lastSeen: string | null;
  /** Why the last poll failed. */
  error: string | null;
  /**
   * The web refused the agent's certificate, so the host is not just down: another than the pinned
   * one, issued to another host, revoked, or not from the Stockade CA. Kept until an answer clears it.
   */
  refused: CertificateRefusal | null;
  info: HostInfo | null;
  jails: Pick<Jail, "name" | "state" | "ipv4" | "ipv6" | "tags">[];
  usage: Pick<Usage, "cpuPercent" | "memoryBytes" | "processCount"> | null;
  /** The data above is from the last answer, not the present: the host is unreachable. */
  stale: boolean;
  /** The agent's protocol and the web's; `older` when the agent lacks methods the web has. */
  protocol: { agent: number; web: number; older: boolean } | null;
}

export function initialState(row: { id: string; name: string; address: string | null }, now: Date): HostState {
  return {
    ...row,
    reachability: "checking",
    since: now.toISOString(),
    lastSeen: null,
    error: null,
    refused: null,
    info: null,
    jails: [],
    usage: null,
    stale: false,
    protocol: null,
  };
}

const changed = (state: HostState, to: Reachability, now: Date) => (state.reachability === to ? state.since : now.toISOString());

export function answered(state: HostState, reading: HostReading, now: Date): HostState {
  const agent = reading.info.protocolVersion;
  return {
    ...state,
    reachability: "reachable",
    since: changed(state, "reachable", now),
    lastSeen: now.toISOString(),
    error: null,
    refused: null,
    info: reading.info,
    jails: reading.jails.map(({ name, state: jailState, ipv4, ipv6, tags }) => ({ name, state: jailState, ipv4, ipv6, tags })),
    usage: { cpuPercent: reading.usage.cpuPercent, memoryBytes: reading.usage.memoryBytes, processCount: reading.usage.processCount },
    stale: false,
    protocol: { agent, web: PROTOCOL_VERSION, older: agent < PROTOCOL_VERSION },
  };
}

/** Unreachable, keeping what the host last said (marked stale). */
export function failed(state: HostState, error: unknown, now: Date): HostState {
  return {
    ...state,
    reachability: "unreachable",
    since: changed(state, "unreachable", now),
    error: error instanceof Error ? error.message : String(error),
    refused: isCertificateRefusal(error) ? error.refusal : null,
    stale: state.info !== null,
  };
}
