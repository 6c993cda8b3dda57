import type { AgentConnection } from "@/server/agent-client/connection";
import { fetchJails } from "@/server/agent-client/methods";
import type { HostPlace, PlaceOf } from "@/server/api/host-place";
import { LOCAL_HOST_ID } from "@/server/hosts";
import { EventError } from "./events";

/** How long a resolved remote host is reused: its Host row and the web's identity (the CRL) are read again after that. */
export const SOCKET_PLACE_FRESH_MS = 5_000;
const TAGS_FRESH_MS = 2_000;

/** Tags change rarely; events are frequent (keystrokes): the jail list is read at most every 2 s for scope checks. */
export function freshJailTags(agent: AgentConnection, freshMs = TAGS_FRESH_MS): (jail: string) => Promise<string[]> {
  let cache: { at: number; tags: Promise<Map<string, string[]>> } | null = null;
  return async (jail) => {
    if (!cache || Date.now() - cache.at > freshMs) {
      const tags = fetchJails(agent).then((jails) => new Map(jails.map((j) => [j.name, j.tags])));
      cache = { at: Date.now(), tags };
      tags.catch(() => (cache = null));
    }
    return (await cache.tags).get(jail) ?? [];
  };
}

/**
 * Socket events and feeds resolve a host on every event and every tick; each resolution reads
 * the Host row and the fleet identity, so a place is kept a few seconds (a `host revoke` or a
 * removed host counts within that) and a failed resolution is not kept at all.
 */
export function cachedPlaces(placeOf: PlaceOf, freshMs = SOCKET_PLACE_FRESH_MS): PlaceOf {
  const cache = new Map<string, { at: number; place: Promise<HostPlace> }>();
  return (hostId) => {
    const hit = cache.get(hostId);
    if (hit && Date.now() - hit.at < freshMs) return hit.place;
    const place = placeOf(hostId);
    cache.set(hostId, { at: Date.now(), place });
    place.catch(() => cache.get(hostId)?.place === place && cache.delete(hostId));
    return place;
  };
}

export interface SocketPlaces {
  /** This machine's agent, with tags re-read every 2 s. */
  local: HostPlace;
  /** Any host by id: "local" is `local`; others through `remote` (none: NOT_FOUND, a single-host web). */
  placeOf: PlaceOf;
}

export function socketPlaces(agent: AgentConnection, remote?: PlaceOf): SocketPlaces {
  const local: HostPlace = { hostId: LOCAL_HOST_ID, agent, jailTags: freshJailTags(agent) };
  const others = remote ? cachedPlaces(remote) : null;
  const placeOf: PlaceOf = (hostId) => {
    if (hostId === LOCAL_HOST_ID) return Promise.resolve(local);
    return others ? others(hostId) : Promise.reject(new EventError("NOT_FOUND", `There is no host named ${hostId}.`));
  };
  return { local, placeOf };
}
