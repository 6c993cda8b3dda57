"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { QueryState } from "@/app/_components/query-state";
import { withHost } from "@/app/_lib/host-param";
import { useTRPC } from "@/app/_trpc/client";
import { LOCAL_HOST_ID } from "@/shared/host-id";
import { AuditFilters, type AuditFilter } from "./audit-filters";
import { AUDIT_PAGE_SIZE, useAuditPages } from "./use-audit-pages";

const resultStyle: Record<string, string> = {
  ok: "text-emerald-700 dark:text-emerald-400",
  error: "text-red-700 dark:text-red-400",
  denied: "text-amber-700 dark:text-amber-400",
};

function download(csv: string) {
  const url = URL.createObjectURL(new Blob([csv], { type: "text/csv" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = `stockade-audit-${new Date().toISOString().slice(0, 19).replaceAll(":", "")}.csv`;
  link.click();
  URL.revokeObjectURL(url);
}

function ExportButton({ filter }: { filter: AuditFilter }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  async function onClick() {
    setBusy(true);
    try {
      download((await queryClient.fetchQuery(trpc.audit.exportCsv.queryOptions(filter, { staleTime: 0 }))).csv);
    } finally {
      setBusy(false);
    }
  }
  return (
    <button
      type="button"
      disabled={busy}
      onClick={() => void onClick()}
      className="mb-4 rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700"
    >
      {busy ? "Exporting…" : "Export CSV"}
    </button>
  );
}

/** The input of an event (secrets already redacted when it was written), pretty-printed. */
/** Console events carry their recording's address: a link to replay it, on the host the session ran on. */
function RecordingLink({ details, hostId }: { details: string | null; hostId: string | null }) {
  const href = recordingOf(details);
  if (!href) return null;
  return (
    <>
      {" "}
      <Link className="text-sky-700 underline dark:text-sky-300" href={withHost(href, hostId ?? LOCAL_HOST_ID)}>
        recording
      </Link>
    </>
  );
}

function recordingOf(details: string | null): string | null {
  try {
    const recording = (JSON.parse(details ?? "null") as { recording?: unknown } | null)?.recording;
    return typeof recording === "string" && recording.startsWith("/console/recordings/") ? recording : null;
  } catch {
    return null;
  }
}

function Details({ details }: { details: string | null }) {
  if (!details) return null;
  let pretty = details;
  try {
    pretty = JSON.stringify(JSON.parse(details), null, 2);
  } catch {
    // Stored as written; show it as it is.
  }
  return (
    <details>
      <summary className="cursor-pointer text-xs text-sky-700 dark:text-sky-300">input</summary>
      <pre className="mt-1 max-w-md overflow-x-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-900">{pretty}</pre>
    </details>
  );
}

function OlderEvents({ query }: { query: ReturnType<typeof useAuditPages> }) {
  if (!query.hasNextPage) return null;
  return (
    <button
      type="button"
      disabled={query.isFetchingNextPage}
      onClick={() => void query.fetchNextPage()}
      className="mt-3 rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700"
    >
      {query.isFetchingNextPage ? "Loading older events…" : `Show ${AUDIT_PAGE_SIZE} older events`}
    </button>
  );
}

export function AuditTable() {
  const [filter, setFilter] = useState<AuditFilter>({});
  const query = useAuditPages(filter);
  const events = query.data?.pages.flat();
  return (
    <>
      <AuditFilters onApply={setFilter} />
      <ExportButton filter={filter} />
      {!events ? (
        <QueryState query={query} what="the audit log" />
      ) : events.length === 0 ? (
        <p className="text-sm text-slate-500">No events match.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
          <table aria-label="Audit events" className="w-full text-left text-sm">
            <thead className="bg-slate-100 text-xs uppercase text-slate-500 dark:bg-slate-900">
              <tr>
                <th className="px-3 py-2">When</th>
                <th className="px-3 py-2">Who</th>
                <th className="px-3 py-2">Action</th>
                <th className="px-3 py-2">Target</th>
                <th className="px-3 py-2">Host</th>
                <th className="px-3 py-2">Result</th>
                <th className="px-3 py-2">Details</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id} className="border-t border-slate-200 align-top dark:border-slate-800">
                  <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">{event.at.toLocaleString()}</td>
                  <td className="px-3 py-2">{event.actorName}</td>
                  <td className="px-3 py-2 font-mono text-xs">{event.action}</td>
                  <td className="px-3 py-2">
                    {event.targetType}: {event.target}
                    <RecordingLink details={event.details} hostId={event.hostId} />
                  </td>
                  <td className="px-3 py-2">{event.hostId === LOCAL_HOST_ID ? "this machine" : (event.hostId ?? "")}</td>
                  <td className={`px-3 py-2 ${resultStyle[event.result] ?? ""}`}>
                    {event.result}
                    {event.message && <div className="text-xs text-slate-500">{event.message}</div>}
                  </td>
                  <td className="px-3 py-2">
                    <Details details={event.details} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <OlderEvents query={query} />
    </>
  );
}
