"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/client";
import { QueryState } from "@/app/_components/query-state";

const resultStyle: Record<string, string> = {
  ok: "text-emerald-700 dark:text-emerald-400",
  error: "text-red-700 dark:text-red-400",
  denied: "text-amber-700 dark:text-amber-400",
};

export function AuditTable() {
  const trpc = useTRPC();
  const query = useQuery(trpc.audit.list.queryOptions({ limit: 200 }));
  if (!query.data) return <QueryState query={query} what="the audit log" />;
  if (query.data.length === 0) return <p className="text-sm text-slate-500">Nothing has been done yet.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
      <table className="w-full text-left text-sm">
        <thead className="bg-slate-100 text-xs uppercase text-slate-500 dark:bg-slate-900">
          <tr>
            <th className="px-3 py-2">When</th>
            <th className="px-3 py-2">Who</th>
            <th className="px-3 py-2">Action</th>
            <th className="px-3 py-2">Target</th>
            <th className="px-3 py-2">Result</th>
          </tr>
        </thead>
        <tbody>
          {query.data.map((event) => (
            <tr key={event.id} className="border-t border-slate-200 dark:border-slate-800">
              <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">{event.at.toLocaleString()}</td>
              <td className="px-3 py-2">{event.actorName}</td>
              <td className="px-3 py-2 font-mono text-xs">{event.action}</td>
              <td className="px-3 py-2">
                {event.targetType}: {event.target}
              </td>
              <td className={`px-3 py-2 ${resultStyle[event.result] ?? ""}`} title={event.message ?? undefined}>
                {event.result}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
