import type { AgentConnection } from "@/server/agent-client/connection";
import type { Db } from "@/server/db/types";
import { hostConnection } from "@/server/fleet/hosts";
import type { FleetIdentity } from "@/server/fleet/store";
import { LOCAL_HOST_ID } from "@/server/hosts";
import type { SampledHost } from "./sampler";

export interface SampledHostsOptions {
  db: Db;
  local: AgentConnection;
  /** The web's mTLS identity, read each round a remote host is enrolled (a `host revoke` counts from the next). */
  identity: () => Promise<FleetIdentity>;
  /** False for a host the host monitor sees unreachable or refused: it is not asked until it answers there again. */
  reachable?: (hostId: string) => boolean;
}

/** This machine and every host enrolled with `host add` (address and fingerprint recorded) that is not known to be away. */
export function sampledHosts(options: SampledHostsOptions): () => Promise<SampledHost[]> {
  const reachable = options.reachable ?? (() => true);
  return async () => {
    const rows = await options.db.host.findMany({ where: { address: { not: null }, fingerprint: { not: null } }, orderBy: { id: "asc" } });
    const remote = rows.filter((row) => row.id !== LOCAL_HOST_ID && reachable(row.id));
    const identity = remote.length > 0 ? await options.identity() : null;
    const hosts: SampledHost[] = [{ hostId: LOCAL_HOST_ID, agent: options.local }];
    for (const row of remote) hosts.push({ hostId: row.id, agent: hostConnection(row, identity!) });
    return hosts;
  };
}

/** What the host monitor says of a host: only one it has seen fail (unreachable, or its certificate refused) is skipped. */
export function monitorSaysReachable(states: () => { id: string; reachability: string; refused: unknown }[]): (hostId: string) => boolean {
  return (hostId) => {
    const state = states().find((entry) => entry.id === hostId);
    return !state || (state.reachability !== "unreachable" && !state.refused);
  };
}
