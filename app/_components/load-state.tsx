import type { UseQueryResult } from "@tanstack/react-query";
import { QueryState } from "@/app/_components/query-state";
import { useHost } from "@/app/_lib/use-host";
import { LOCAL_HOST_ID } from "@/shared/host-id";

/** How often views poll, so they recover on their own when the agent comes back. */
export const REFRESH_MS = 5_000;

/** tRPC maps an unreachable agent to SERVICE_UNAVAILABLE. */
export function isAgentOffline(error: unknown): boolean {
  const data = (error as { data?: { code?: unknown } } | null)?.data;
  return data?.code === "SERVICE_UNAVAILABLE";
}

/** This machine's agent is "the agent"; another host's is named, as the page's host selector names it. */
export function AgentOffline({ message, host }: { message: string; host: string }) {
  return (
    <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
      {host === LOCAL_HOST_ID
        ? `The agent is offline, so there is nothing live to show: ${message} This page reconnects by itself when the agent is back.`
        : `Host ${host} cannot be reached, so there is nothing live to show from it: ${message} This page reconnects by itself when it answers again.`}
    </p>
  );
}

/**
 * Loading and errors, with the agent being down said as such rather than as a failure.
 * `compact` is for panels under a page that already says the agent is offline in full.
 */
export function LoadState({
  query,
  what,
  compact = false,
}: {
  query: UseQueryResult<unknown, { message: string }>;
  what: string;
  compact?: boolean;
}) {
  const host = useHost();
  if (query.isError && isAgentOffline(query.error)) {
    return compact ? (
      <p className="text-sm text-slate-500">Waiting for the agent to come back…</p>
    ) : (
      <AgentOffline message={query.error.message} host={host} />
    );
  }
  return <QueryState query={query} what={what} />;
}
