"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useTRPC } from "@/app/_trpc/client";
import { useHostInput } from "@/app/_lib/use-host";
import type { Permission } from "@/server/auth/permissions";

/**
 * What the signed-in user may do to each jail and on the page's host, so pages show only the
 * actions that would be allowed. The server checks every action again.
 */
export function useJailPermissions() {
  const trpc = useTRPC();
  const allowed = useQuery(trpc.jails.allowed.queryOptions(useHostInput(), { refetchInterval: 30_000 }));
  const data = allowed.data;
  const onJail = useCallback((jail: string, permission: Permission) => data?.jails[jail]?.includes(permission) ?? false, [data]);
  const onHost = useCallback((permission: Permission) => data?.host.includes(permission) ?? false, [data]);
  return { onJail, onHost, loaded: data !== undefined };
}

/** After a change: the jail list, one jail, the permissions (tags may have moved) and usage. */
export function useRefreshJails() {
  const trpc = useTRPC();
  const client = useQueryClient();
  return useCallback(() => {
    for (const queryKey of [trpc.jails.pathKey(), trpc.host.pathKey()]) void client.invalidateQueries({ queryKey });
  }, [client, trpc]);
}
