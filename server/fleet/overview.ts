import { AgentError, type CertificateRefusal, fetchHostInfo, fetchJails, isCertificateRefusal } from "@/server/agent-client";
import type { HostInfo, Jail } from "@/server/agent/protocol";
import type { Db } from "@/server/db/types";
import { hostConnection } from "./hosts";
import type { FleetIdentity } from "./store";

export type RemoteHostStatus =
  | { id: string; name: string; address: string; reachable: true; info: HostInfo; jails: Jail[] }
  | { id: string; name: string; address: string; reachable: false; refused: CertificateRefusal | null; error: string };

type HostRow = { id: string; name: string; address: string | null; fingerprint: string | null };

async function statusOf(row: HostRow & { address: string }, identity: FleetIdentity, timeoutMs: number): Promise<RemoteHostStatus> {
  const conn = { ...hostConnection(row, identity), connectTimeoutMs: timeoutMs, requestTimeoutMs: timeoutMs };
  const base = { id: row.id, name: row.name, address: row.address };
  try {
    const [info, jails] = await Promise.all([fetchHostInfo(conn), fetchJails(conn)]);
    return { ...base, reachable: true, info, jails };
  } catch (error) {
    if (!(error instanceof AgentError)) throw error;
    return { ...base, reachable: false, refused: isCertificateRefusal(error) ? error.refusal : null, error: error.message };
  }
}

/** Every recorded remote host, asked at once: its info and jails, or why it could not be reached (a refused certificate named by its kind). */
export async function remoteHostsOverview(db: Db, identity: FleetIdentity, timeoutMs = 3000): Promise<RemoteHostStatus[]> {
  const rows = await db.host.findMany({ where: { address: { not: null } }, orderBy: { name: "asc" } });
  return Promise.all(rows.flatMap((row) => (row.address ? [statusOf({ ...row, address: row.address }, identity, timeoutMs)] : [])));
}
