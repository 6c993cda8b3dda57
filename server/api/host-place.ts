/**
 * Where a procedure or socket event acts: the host its input names, resolved here into that
 * host's agent connection (this machine's Unix socket, or a recorded host's mTLS agent).
 */
import { TRPCError } from "@trpc/server";
import type { AgentConnection } from "@/server/agent-client/connection";
import { fetchJails } from "@/server/agent-client/methods";
import type { Db } from "@/server/db/types";
import { hostConnection } from "@/server/fleet/hosts";
import type { FleetIdentity } from "@/server/fleet/store";
import { hostIdSchema, LOCAL_HOST_ID } from "@/server/hosts";

export interface HostPlace {
  hostId: string;
  agent: AgentConnection;
  /** Tags of a jail on this host, for tag-scoped grants; [] when the jail or the agent is not there. */
  jailTags: (jail: string) => Promise<string[]>;
}

export type PlaceOf = (hostId: string) => Promise<HostPlace>;

/** One jail list per place, read only if a tag-scoped check needs it. */
export function lazyJailTags(agent: AgentConnection): (jail: string) => Promise<string[]> {
  let jails: Promise<Map<string, string[]>> | undefined;
  return async (name) => {
    jails ??= fetchJails(agent).then(
      (list) => new Map(list.map((jail) => [jail.name, jail.tags])),
      () => new Map<string, string[]>(),
    );
    return (await jails).get(name) ?? [];
  };
}

export function localPlace(agent: AgentConnection): HostPlace {
  return { hostId: LOCAL_HOST_ID, agent, jailTags: lazyJailTags(agent) };
}

/** The host id an input names as `host` ("local" when it names none); a malformed one is a bad request. */
export function hostOfInput(rawInput: unknown): string {
  const host = (rawInput as { host?: unknown } | null | undefined)?.host;
  if (host === undefined) return LOCAL_HOST_ID;
  const parsed = hostIdSchema.safeParse(host);
  if (!parsed.success) throw new TRPCError({ code: "BAD_REQUEST", message: parsed.error.issues[0]?.message ?? "Invalid host" });
  return parsed.data;
}

/** The input without its `host`, for the procedure's own (often strict, agent-protocol) input schema. */
export function withoutHost(rawInput: unknown): unknown {
  if (!rawInput || typeof rawInput !== "object" || !("host" in rawInput)) return rawInput;
  const { host: _host, ...rest } = rawInput as Record<string, unknown>;
  return rest;
}

/**
 * Resolves host ids against the Host table: "local" is `local`, a recorded remote host gets an
 * mTLS connection pinned to its fingerprint, and anything else is NOT_FOUND. Nothing is
 * connected here: an unreachable host fails on its first agent call with the agent's typed error.
 */
export function hostPlaces(db: Db, local: HostPlace, identity: () => Promise<FleetIdentity>): PlaceOf {
  return async (hostId) => {
    if (hostId === local.hostId) return local;
    const row = await db.host.findUnique({ where: { id: hostId } });
    if (!row?.address || !row.fingerprint) throw new TRPCError({ code: "NOT_FOUND", message: `There is no host named ${hostId}.` });
    const agent = hostConnection(row, await identity());
    return { hostId: row.id, agent, jailTags: lazyJailTags(agent) };
  };
}
