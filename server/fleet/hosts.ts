import { z } from "zod";
import { agentTlsConnection, type AgentConnection } from "@/server/agent-client";
import type { Db } from "@/server/db/types";
import { hostIdSchema, LOCAL_HOST_ID } from "@/server/hosts";
import type { FleetIdentity } from "./store";

export const DEFAULT_AGENT_TLS_PORT = 7443;

export const hostNameSchema = hostIdSchema.refine((name) => name !== LOCAL_HOST_ID, `"${LOCAL_HOST_ID}" is this machine's own agent`);

/** ADDRESS as `host`, `host:port` or `[v6]:port`; the port defaults to 7443. */
export const hostAddressSchema = z
  .string()
  .regex(
    /^(\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:]+:[0-9A-Fa-f:]*|[A-Za-z0-9.-]+)(:\d{1,5})?$/,
    "must be an IP address or DNS name, optionally :port",
  )
  .transform((value) => {
    const bracketed = /^\[(.+)\](?::(\d+))?$/.exec(value);
    if (bracketed) return { host: bracketed[1]!, port: Number(bracketed[2] ?? DEFAULT_AGENT_TLS_PORT) };
    // Two or more colons without brackets: a bare IPv6 address, no port.
    if ((value.match(/:/g) ?? []).length > 1) return { host: value, port: DEFAULT_AGENT_TLS_PORT };
    const [host, port] = value.split(":");
    return { host: host!, port: Number(port ?? DEFAULT_AGENT_TLS_PORT) };
  })
  .refine((a) => a.port >= 1 && a.port <= 65535, "port must be 1–65535");

export type HostAddress = z.infer<typeof hostAddressSchema>;

export function formatAddress(address: HostAddress): string {
  return address.host.includes(":") ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

export interface RemoteHostRecord {
  name: string;
  address: HostAddress;
  fingerprint: string;
  driver?: string;
}

/** The host row: its id is its name, so grants, samples and audit events can name it. */
export async function recordHost(db: Db, host: RemoteHostRecord): Promise<void> {
  const data = { name: host.name, address: formatAddress(host.address), fingerprint: host.fingerprint };
  await db.host.upsert({ where: { id: host.name }, update: data, create: { id: host.name, driver: host.driver ?? "unknown", ...data } });
}

export interface EnrolledHost {
  id: string;
  name: string;
  /** false for this machine's own agent (the Unix socket). */
  remote: boolean;
}

/** This machine and every host `host add` recorded, this machine first: what pages and grants can name. */
export async function enrolledHosts(db: Db): Promise<EnrolledHost[]> {
  const rows = await db.host.findMany({ select: { id: true, name: true, address: true }, orderBy: { id: "asc" } });
  return rows
    .filter((row) => row.id === LOCAL_HOST_ID || row.address !== null)
    .sort((a, b) => Number(b.id === LOCAL_HOST_ID) - Number(a.id === LOCAL_HOST_ID))
    .map((row) => ({ id: row.id, name: row.name, remote: row.address !== null }));
}

/** How the web reaches a recorded remote host: mTLS with its client certificate, pinned to the recorded fingerprint. */
export function hostConnection(
  host: { name: string; address: string | null; fingerprint: string | null },
  identity: FleetIdentity,
): AgentConnection {
  if (!host.address || !host.fingerprint) throw new Error("This host has no remote agent address and fingerprint recorded");
  const { host: hostName, port } = hostAddressSchema.parse(host.address);
  return agentTlsConnection({
    name: host.name,
    host: hostName,
    port,
    ca: identity.ca.cert,
    cert: identity.web.cert,
    key: identity.web.key,
    fingerprint: host.fingerprint,
    crl: identity.crl,
  });
}
