/**
 * Which hosts a caller's pages may show, and where a host-aware page that names no host lands.
 * Pure, so hosts.choices and the pages' landing redirect decide alike.
 */
import { hasAnywhere, type GrantLike } from "@/server/auth/permissions";
import { LOCAL_HOST_ID } from "@/shared/host-id";

/** The hosts where some grant lets the caller see jails (a tag grant on every host counts on each), in the order given. */
export function visibleHosts<H extends { id: string }>(grants: readonly GrantLike[], hosts: readonly H[]): H[] {
  return hosts.filter((host) => hasAnywhere(grants, "jails.view", host.id));
}

/**
 * This machine when the caller may see jails here, or may see no host at all (its page then
 * says so); otherwise the first host they may see, rather than an empty page of this machine.
 */
export function landingHost(grants: readonly GrantLike[], hosts: readonly { id: string }[]): string {
  if (hasAnywhere(grants, "jails.view", LOCAL_HOST_ID)) return LOCAL_HOST_ID;
  return visibleHosts(grants, hosts)[0]?.id ?? LOCAL_HOST_ID;
}
