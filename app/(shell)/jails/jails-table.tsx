"use client";

import { useState } from "react";
import { HostLink } from "@/app/_components/host-link";
import { JailLifecycle } from "@/app/_components/jail-actions/lifecycle-actions";
import { PostureSummary } from "@/app/_components/posture/severity-badge";
import { assessPosture } from "@/shared/posture";
import { Sparkline } from "@/app/_components/charts/sparkline";
import { FIGURES, formatCpus, type Figure } from "@/app/_components/figures";
import { formatBytes } from "@/app/_components/process-tree/format";
import { AdoptionBadge, JailStateBadge } from "@/app/_components/jails/jail-state";
import { limitPercent } from "@/app/_components/jails/limit-bar";
import { LoadState } from "@/app/_components/load-state";
import { addressesOf, useJailsOverview, type JailOverview } from "@/app/_components/jails/use-jails-overview";
import { DriftBadge } from "./[name]/jail-drift";
import { BulkActions, type BulkSelection } from "./bulk-actions";
import { BulkResults, type BulkOutcome } from "./bulk-results";
import { showsJidColumn } from "./jail-identity";

const th = "px-1.5 py-2 font-semibold";
const td = "px-1.5 py-2 align-top";

/**
 * Free text that may be long (names up to 63 characters, host names up to 64): cut to one line
 * with the whole text in a tooltip, so the list fits a 1366 px screen without sideways scrolling.
 */
function Clipped({ text, width, className = "" }: { text: string; width: string; className?: string }) {
  return (
    <span className={`block truncate ${width} ${className}`} title={text}>
      {text}
    </span>
  );
}

/** "414 MiB · 5% of limit", or the value alone when there is no limit. */
function againstLimit(used: number, limit: number | null | undefined, format: (value: number) => string): string {
  return limit ? `${format(used)} · ${Math.round(limitPercent(used, limit))}% of limit` : format(used);
}

function JailRow({ row, selection, jidColumn }: { row: JailOverview; selection: BulkSelection; jidColumn: boolean }) {
  const { jail, usage } = row;
  const selected = selection.selected.has(jail.name);
  const toggle = () => {
    const next = new Set(selection.selected);
    if (selected) next.delete(jail.name);
    else next.add(jail.name);
    selection.setSelected(next);
  };
  return (
    <tr className="border-t border-slate-200 dark:border-slate-800" aria-selected={selected}>
      <td className={td}>
        <input type="checkbox" checked={selected} onChange={toggle} aria-label={`Select ${jail.name}`} />
      </td>
      <td className={td}>
        <HostLink
          href={`/jails/${jail.name}`}
          title={jail.name}
          className="block max-w-36 truncate font-medium text-sky-800 underline-offset-2 hover:underline dark:text-sky-300"
        >
          {jail.name}
        </HostLink>
        {/* The host name under the name, not a column of its own: often the same text, and a column costs the width of both. */}
        <Clipped text={jail.hostname} width="max-w-36" className="text-xs text-slate-500 dark:text-slate-400" />
      </td>
      <td className={td}>
        <JailStateBadge state={jail.state} /> <AdoptionBadge jail={jail} /> <DriftBadge jail={jail} />
      </td>
      {jidColumn && <td className={`${td} tabular-nums`}>{jail.jid ?? "—"}</td>}
      <td className={td}>
        <Clipped text={addressesOf(jail)} width="max-w-28" className="font-mono text-xs" />
      </td>
      <td className={td}>
        <Clipped text={jail.template ?? "—"} width="max-w-24" />
      </td>
      <td className={td}>
        <PostureSummary findings={assessPosture(jail.parameters)} />
      </td>
      <td className={td}>
        <Clipped text={jail.tags.join(", ") || "—"} width="max-w-20" />
      </td>
      <td className={`${td} whitespace-nowrap tabular-nums`}>
        {usage ? formatCpus(usage.cpuPercent) : "—"}
        <Sparkline values={row.spark.map((p) => p.cpuPercent)} label={`${jail.name} CPU over the last 10 minutes`} width={64} height={14} />
      </td>
      <td className={`${td} tabular-nums`}>
        {usage ? againstLimit(usage.memoryBytes, usage.memoryLimitBytes ?? jail.limits.memoryBytes, formatBytes) : "—"}
      </td>
      <td className={`${td} tabular-nums`}>
        {usage ? againstLimit(usage.processCount, usage.processLimit ?? jail.limits.maxProcesses, String) : "—"}
      </td>
      <td className={td}>
        <JailLifecycle name={jail.name} state={jail.state} compact />
      </td>
    </tr>
  );
}

/** "Processes" is the widest heading over the narrowest figures: shown short, read out whole. */
function ColumnTitle({ title }: { title: string }) {
  if (title !== "Processes") return title;
  return (
    <>
      <span aria-hidden="true">Procs</span>
      <span className="sr-only">{title}</span>
    </>
  );
}

/** The usage columns' tooltips: what each figure counts and where it comes from, as on the cards. */
const COLUMN_FIGURES: Partial<Record<string, Figure>> = {
  CPU: FIGURES.jailCpu,
  Memory: FIGURES.jailMemory,
  Processes: FIGURES.jailProcesses,
};

function columnTooltip(title: string): string | undefined {
  const figure = COLUMN_FIGURES[title];
  return figure && `${figure.label}: ${figure.source}`;
}

const COLUMNS = ["Name", "State", "JID", "Addresses", "Template", "Posture", "Tags", "CPU", "Memory", "Processes", "Actions"];

export function JailsTable() {
  const { jails, rows } = useJailsOverview();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const selection: BulkSelection = { selected, setSelected };
  const [outcome, setOutcome] = useState<BulkOutcome | null>(null);
  if (!rows) return <LoadState query={jails} what="the jails" />;
  const results = outcome && <BulkResults {...outcome} />;
  if (rows.length === 0) {
    return (
      <div className="flex flex-col gap-3">
        {results}
        <p className="text-sm text-slate-500">No jails you may see exist on this host yet.</p>
      </div>
    );
  }
  const jidColumn = showsJidColumn(rows.map((row) => row.jail));
  return (
    <div className="flex flex-col gap-3">
      <BulkActions jails={rows.map((row) => row.jail)} selection={selection} onResults={setOutcome} />
      {results}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Jails</caption>
          <thead className="bg-slate-100 text-xs uppercase text-slate-500 dark:bg-slate-900">
            <tr>
              <th scope="col" className={th}>
                <span className="sr-only">Selected</span>
              </th>
              {COLUMNS.filter((title) => title !== "JID" || jidColumn).map((title) => (
                <th key={title} scope="col" className={th} title={columnTooltip(title)}>
                  <ColumnTitle title={title} />
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <JailRow key={row.jail.name} row={row} selection={selection} jidColumn={jidColumn} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
