"use client";

import { useQuery } from "@tanstack/react-query";
import { liveDataRefetchMs } from "@/app/_components/live-data-refresh";
import { useHostInput } from "@/app/_lib/use-host";
import { useTRPC } from "@/app/_trpc/client";

/** Says so while this web process cannot reach Redis: live data caused through other web processes may be missing. */
export function LiveDataBanner() {
  const trpc = useTRPC();
  const status = useQuery(
    // Asked on the page's host: a user whose grants are all on other hosts may not ask this machine.
    trpc.host.liveData.queryOptions(useHostInput(), {
      refetchInterval: (query) => liveDataRefetchMs(query.state.data?.mode),
      retry: false,
    }),
  );
  if (status.data?.mode !== "degraded") return null;
  return (
    <p
      role="status"
      className="mr-auto rounded bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900 dark:bg-amber-900/50 dark:text-amber-100"
    >
      {status.data.message}
    </p>
  );
}
