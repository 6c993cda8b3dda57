"use client";

import { useQuery } from "@tanstack/react-query";
import { HostLink } from "@/app/_components/host-link";
import { QueryState } from "@/app/_components/query-state";
import { useHostInput } from "@/app/_lib/use-host";
import { useTRPC } from "@/app/_trpc/client";

const link = "text-sky-700 underline dark:text-sky-300";

/** The jails in scope on the page's host: a running one opens its console in the full window, or its page for sessions. */
export function ConsoleJails() {
  const trpc = useTRPC();
  const jails = useQuery(trpc.jails.list.queryOptions(useHostInput()));
  if (!jails.data) return <QueryState query={jails} what="the jails" />;
  if (jails.data.length === 0) return <p className="text-sm text-slate-500">No jail on this host is in your scope.</p>;
  return (
    <ul aria-label="Jails" className="flex flex-col gap-2 text-sm">
      {jails.data.map((jail) => (
        <li key={jail.name} className="flex items-center gap-3">
          <span className="w-48 truncate font-mono">{jail.name}</span>
          <span className="w-20 text-xs text-slate-500">{jail.state}</span>
          {jail.state === "running" ? (
            <HostLink className={link} href={`/console/${encodeURIComponent(jail.name)}`}>
              Open console
            </HostLink>
          ) : (
            <span className="text-xs text-slate-500">not running</span>
          )}
          <HostLink className={link} href={`/jails/${encodeURIComponent(jail.name)}`}>
            Sessions
          </HostLink>
        </li>
      ))}
    </ul>
  );
}
