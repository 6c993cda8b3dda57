import { callerFromHeaders } from "@/server/api/context";
import { hasAnywhere } from "@/server/auth/permissions";
import { db } from "@/server/db/prisma";
import { landingHost } from "@/server/fleet/host-choices";
import { enrolledHosts } from "@/server/fleet/hosts";
import { LOCAL_HOST_ID } from "@/shared/host-id";

/**
 * Where a host-aware page whose URL names no host should go instead of this machine: for a
 * caller whose grants are all on other hosts, the first of those (server/fleet/host-choices.ts),
 * so they land on a host they can see; null to stay. A URL naming a host, even this one, stays.
 */
export async function landingHostFor(headers: Headers, params: Record<string, string | string[] | undefined>): Promise<string | null> {
  // `?host=` as app/_lib/host-param.ts reads it.
  if (params["host"] !== undefined) return null;
  const caller = await callerFromHeaders(headers);
  if (!caller || hasAnywhere(caller.grants, "jails.view", LOCAL_HOST_ID)) return null;
  const host = landingHost(caller.grants, await enrolledHosts(db()));
  return host === LOCAL_HOST_ID ? null : host;
}
