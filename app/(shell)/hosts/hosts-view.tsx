"use client";

import { useQuery } from "@tanstack/react-query";
import { FIGURES } from "@/app/_components/figures";
import { QueryState } from "@/app/_components/query-state";
import { useTRPC } from "@/app/_trpc/client";
import type { HostState } from "@/server/fleet/host-state";
import { ago, hostRow, type HostRow } from "./host-row";
import { HostJails } from "./host-jails";
import { RevokeHost } from "./host-revoke";

/** Each second: with the web polling hosts every 1.5 s (2 s timeout), a host that goes away shows within 5 s. */
const HOSTS_REFRESH_MS = 1000;

const th = "px-3 py-2 font-semibold";
const td = "px-3 py-2 align-top";
const TONE: Record<HostRow["state"]["tone"], string> = {
  ok: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900/50 dark:text-emerald-100",
  down: "bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-200",
  refused: "bg-red-700 text-white dark:bg-red-600 dark:text-white",
  pending: "bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-200",
};
const HEADERS = [
  "Host",
  "State",
  "OS · driver",
  "Jails",
  FIGURES.hostCpu.label,
  FIGURES.hostMemory.label,
  "Agent",
  "Protocol",
  "Last seen",
];

function StateCell({ state }: { state: HostRow["state"] }) {
  return (
    <td className={td} title={state.title ?? undefined}>
      <span className={`rounded px-1.5 py-0.5 text-xs font-semibold ${TONE[state.tone]}`}>{state.label}</span>
      {state.detail && <div className="mt-1 max-w-64 text-xs text-slate-600 dark:text-slate-400">{state.detail}</div>}
    </td>
  );
}

function HostTableRow({ host, at, mayRevoke }: { host: HostState; at: string; mayRevoke: boolean }) {
  const row = hostRow(host, at);
  const dim = host.stale ? "text-slate-500 dark:text-slate-400" : "";
  return (
    <tr className="border-t border-slate-200 dark:border-slate-800">
      <th scope="row" className={`${td} text-left font-medium`}>
        {host.name}
        <div className="text-xs font-normal text-slate-500">{host.address ?? "this machine (Unix socket)"}</div>
        {mayRevoke && host.address !== null && host.refused !== "revoked" && <RevokeHost name={host.name} />}
      </th>
      <StateCell state={row.state} />
      <td className={`${td} ${dim}`}>{row.system}</td>
      <td className={`${td} ${dim}`}>{row.jails}</td>
      <td className={`${td} ${dim}`} title={FIGURES.hostCpu.source}>
        {row.cpu}
      </td>
      <td className={`${td} ${dim}`} title={FIGURES.hostMemory.source}>
        {row.memory}
      </td>
      <td className={`${td} ${dim}`}>{row.agent}</td>
      <td className={td} title={row.protocol.title}>
        <span className={row.protocol.older ? "font-semibold text-amber-800 dark:text-amber-300" : dim}>{row.protocol.label}</span>
      </td>
      <td className={td} title={host.lastSeen ?? undefined}>
        {row.lastSeen}
        {host.stale && <div className="text-xs font-semibold text-amber-800 dark:text-amber-300">stale data</div>}
      </td>
    </tr>
  );
}

/** The fleet: every recorded host as the web's host monitor last saw it, then each host's jails. `mayRevoke`: hosts.manage. */
export function HostsView({ mayRevoke }: { mayRevoke: boolean }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.hosts.list.queryOptions(undefined, { refetchInterval: HOSTS_REFRESH_MS }));
  if (!list.data) return <QueryState query={list} what="the hosts" />;
  const { hosts, at, pollMs } = list.data;
  if (pollMs === null)
    return <p className="text-sm text-slate-500">This web process does not watch the hosts (it was started without its host monitor).</p>;
  return (
    <>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <table className="w-full text-left text-sm">
          <caption className="px-3 py-2 text-left text-base font-semibold">
            Hosts{" "}
            <span className="text-sm font-normal text-slate-500">
              checked every {pollMs / 1000} s · add one with npm run stockade -- host add NAME ADDRESS
            </span>
          </caption>
          <thead className="bg-slate-100 text-xs uppercase text-slate-500 dark:bg-slate-900">
            <tr>
              {HEADERS.map((header) => (
                <th key={header} scope="col" className={th}>
                  {header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {hosts.map((host) => (
              <HostTableRow key={host.id} host={host} at={at} mayRevoke={mayRevoke} />
            ))}
          </tbody>
        </table>
      </div>
      {hosts.map((host) => (
        <HostJails key={host.id} host={host} seen={ago(host.lastSeen, at)} />
      ))}
    </>
  );
}
