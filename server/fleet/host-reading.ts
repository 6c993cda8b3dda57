import { agentServes, type HostInfo, type Jail, type Usage } from "@/server/agent/protocol";
import { fetchHostInfo, fetchHostSummary, fetchJails, fetchUsageReport, type AgentConnection } from "@/server/agent-client";

/** What the Hosts page shows of one host, as read in one poll. */
export interface HostReading {
  takenAt: number;
  info: HostInfo;
  jails: Jail[];
  /** The whole host's usage. */
  usage: Usage;
}

/**
 * One poll of a host: host.summary when its agent is known to serve it (protocol 2), else the
 * three protocol-1 calls, which also tell the version for the next poll.
 */
export async function readHost(conn: AgentConnection): Promise<HostReading> {
  if (conn.protocolVersion !== undefined && agentServes(conn.protocolVersion, "host.summary")) return fetchHostSummary(conn);
  const [info, jails, report] = await Promise.all([fetchHostInfo(conn), fetchJails(conn), fetchUsageReport(conn)]);
  return { takenAt: report.takenAt, info, jails, usage: report.host };
}
