"use client";

import { useQuery } from "@tanstack/react-query";
import { HostLink } from "@/app/_components/host-link";
import { QueryState } from "@/app/_components/query-state";
import { useHostInput } from "@/app/_lib/use-host";
import { useTRPC } from "@/app/_trpc/client";

/** The console sessions opened lately on the page's host, in jails whose consoles the caller may watch, each with its recording. */
export function RecentSessions() {
  const trpc = useTRPC();
  const recent = useQuery(trpc.consoles.recent.queryOptions(useHostInput(), { retry: false }));
  return (
    <section aria-labelledby="recent-sessions-title" className="flex flex-col gap-2">
      <h2 id="recent-sessions-title" className="text-lg font-semibold">
        Recent sessions
      </h2>
      {!recent.data ? (
        <QueryState query={recent} what="the recent sessions" />
      ) : recent.data.length === 0 ? (
        <p className="text-sm text-slate-500">No console session has been opened on this host in your scope.</p>
      ) : (
        <ul aria-label="Recent sessions" className="flex flex-col gap-1 text-sm">
          {recent.data.map((session) => (
            <li key={session.id} className="flex flex-wrap items-center gap-3">
              <span className="w-48 truncate font-mono">{session.jail}</span>
              <span className="text-xs text-slate-500">
                {session.openedBy}, {session.openedAt.toLocaleString()}
              </span>
              {session.recorded ? (
                <HostLink
                  className="text-sky-700 underline dark:text-sky-300"
                  href={`/console/recordings/${encodeURIComponent(session.jail)}/${session.id}`}
                >
                  Replay
                </HostLink>
              ) : (
                <span className="text-xs text-slate-500">no recording kept</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
