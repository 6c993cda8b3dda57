"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useTRPC, useTRPCClient } from "@/app/_trpc/client";
import type { AuditFilter } from "./audit-filters";

export const AUDIT_PAGE_SIZE = 100;
/** New events appear without a reload: every page shown is asked for again this often. */
export const AUDIT_REFRESH_MS = 5_000;

/**
 * The audit log newest first, a page at a time through audit.list (its permission and scope):
 * each older page starts before the last event of the one above it. A refresh re-reads the
 * pages in order, so an event that arrives pushes the rest down instead of being skipped.
 */
export function useAuditPages(filter: AuditFilter) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  return useInfiniteQuery({
    queryKey: [...trpc.audit.list.queryKey(filter), "pages"],
    initialPageParam: undefined as Date | undefined,
    queryFn: ({ pageParam, signal }) => client.audit.list.query({ ...filter, limit: AUDIT_PAGE_SIZE, before: pageParam }, { signal }),
    getNextPageParam: (page) => (page.length === AUDIT_PAGE_SIZE ? page.at(-1)?.at : undefined),
    refetchInterval: AUDIT_REFRESH_MS,
  });
}
