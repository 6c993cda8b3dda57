"use client";

import dynamic from "next/dynamic";
import { memo, useCallback, useId, useMemo, useState, type ReactNode } from "react";
import type { TreeLayout } from "./tree-model";
import { FilterChoices } from "./filter-choices";
import { LiveBadge } from "./live-badge";
import { processCount, type LiveProcessesView } from "./live";
import { TreeGrid } from "./tree-grid";
import { TreeToolbar } from "./tree-toolbar";
import { countedProcessRows, isFiltering } from "./tree-view";
import { LayoutSelect, useRememberedLayout } from "./tree-layout";
import { useTreeRows } from "./use-tree-rows";

// Opened on demand (Enter or a click): its code and the signal dialog's load then, not with the page.
const ProcessDetail = dynamic(() => import("./process-detail").then((module) => module.ProcessDetail), {
  ssr: false,
  loading: () => <p className="text-sm text-slate-500">Loading details…</p>,
});

export interface ProcessTreeProps {
  live: LiveProcessesView;
  /** Shows one jail's processes only (the jail page). */
  jail?: string;
  /** The section's heading, drawn on the line of the process count so the rows start higher. */
  title?: ReactNode;
}

function startOfDay(at: number): number {
  const day = new Date(at);
  day.setHours(0, 0, 0, 0);
  return day.getTime();
}

function emptyText(live: LiveProcessesView, filtering: boolean, jail: string | undefined): string {
  // The live badge above carries the agent's own message; this only says what the empty grid means.
  if (!live.snapshot)
    return live.status === "agent-offline"
      ? "No processes while the agent is offline; they return by themselves when it is back."
      : live.paused
        ? "Paused before any data arrived."
        : "Loading processes…";
  if (jail !== undefined && live.snapshot.processes.every((process) => process.jail !== jail))
    return `No processes are running in jail ${jail}.`;
  return filtering ? "No process matches the search or filters." : "No processes you may see are running.";
}

/** The heading (when given) and, on its line, how many processes are shown and the keys. */
function TreeCaption({ title, shown, total, takenAt }: { title: ReactNode; shown: number; total: number; takenAt: number }) {
  return (
    <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
      {title}
      <p className="text-xs text-slate-500" aria-live="off" suppressHydrationWarning>
        {shown} of {total} processes shown{takenAt > 0 && ` · as of ${new Date(takenAt).toLocaleTimeString()}`} · ↑↓ move, ←→ fold, Enter
        details, / search
      </p>
    </div>
  );
}

/** Memoized with only what it shows, so a live update leaves it alone. */
const PauseButton = memo(function PauseButton({ paused, setPaused }: Pick<LiveProcessesView, "paused" | "setPaused">) {
  return (
    <button
      type="button"
      aria-pressed={paused}
      onClick={() => setPaused(!paused)}
      className="rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
    >
      {paused ? "Resume live updates" : "Pause live updates"}
    </button>
  );
});

/** Closing the details hands focus back to the grid, so the keyboard user carries on where they were. */
function useSelection(gridId: string) {
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [detailOpen, setDetailOpen] = useState(false);
  const select = useCallback((key: string, open: boolean) => {
    setSelectedKey(key);
    if (open) setDetailOpen(true);
  }, []);
  const close = useCallback(() => {
    setDetailOpen(false);
    document.getElementById(gridId)?.focus();
  }, [gridId]);
  return { selectedKey, detailOpen, select, close };
}

/** The htop-like tree: jails as subtrees, live, sortable, searchable, keyboard-driven. */
export function ProcessTree({ live, jail, title }: ProcessTreeProps) {
  const [rememberedLayout, setLayout] = useRememberedLayout();
  // One jail's page shows its subtree alone; the host's processes around it are not its own.
  const layout: TreeLayout = jail ? "jails-first" : rememberedLayout;
  const state = useTreeRows(live.snapshot, jail ? { jail } : {}, layout);
  const { tree, rows, filter, setFilter } = state;
  const gridId = useId();
  const selection = useSelection(gridId);
  const processes = live.snapshot?.processes;
  // Kept across renders and moved by each update's changes, like the tree itself.
  const [choices] = useState(() => new FilterChoices());
  const { jails, users } = useMemo(() => choices.update(processes ?? [], jail), [choices, processes, jail]);
  const total = live.snapshot ? processCount(live.snapshot, jail) : 0;
  const takenAt = live.snapshot?.takenAt ?? 0;
  return (
    <div className="flex flex-col gap-2">
      <TreeCaption title={title} shown={countedProcessRows(rows)} total={total} takenAt={takenAt} />
      {/* One line at 1366 wide, the live status included: the tree's rows start on the first screen. */}
      <div className="flex flex-wrap items-center justify-between gap-2">
        <TreeToolbar
          filter={filter}
          setFilter={setFilter}
          jails={jails}
          users={users}
          fixedJail={jail !== undefined}
          onExpandAll={state.expandAll}
          onCollapseAll={state.collapseAll}
        />
        {!jail && <LayoutSelect layout={layout} onChange={setLayout} />}
        <div className="flex items-center gap-2">
          <LiveBadge status={live.status} message={live.statusMessage} />
          <PauseButton paused={live.paused} setPaused={live.setPaused} />
        </div>
      </div>
      <div className="relative flex flex-col gap-3 2xl:flex-row">
        <div className="min-w-0 flex-1">
          <TreeGrid
            id={gridId}
            label="Processes"
            rows={rows}
            sort={state.sort}
            onSort={state.setSort}
            selectedKey={selection.selectedKey}
            onSelect={selection.select}
            onExpand={state.setNodeExpanded}
            onClose={selection.close}
            today={startOfDay(takenAt)}
            emptyText={emptyText(live, isFiltering(filter), jail)}
          />
        </div>
        {selection.detailOpen && selection.selectedKey && (
          <ProcessDetail
            node={tree.byKey.get(selection.selectedKey) ?? null}
            missingKey={selection.selectedKey}
            takenAt={takenAt}
            followPid={filter.followPid}
            onFollow={(followPid) => setFilter((current) => ({ ...current, followPid }))}
            onSelect={(key) => selection.select(key, true)}
            onClose={selection.close}
          />
        )}
      </div>
    </div>
  );
}
