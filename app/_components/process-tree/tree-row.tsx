"use client";

import { memo } from "react";
import type { ProcessInfo } from "@/server/agent/protocol";
import { FIGURES } from "../figures";
import { formatBytes, formatPercent, formatStarted } from "./format";
import { GRID_COLUMNS, ROW_HEIGHT } from "./columns";

/** A group row: a jail, or an LXC container Stockade does not manage. */
export interface GroupTotals {
  kind: "jail" | "container";
  name: string;
  /** An unmanaged container's LXC path, when its monitor names it. */
  lxcPath: string | null;
  cpuPercent: number;
  rssBytes: number;
  processCount: number;
}

/** Only primitives, stable callbacks and ProcessInfo objects, so memo skips unchanged rows. */
export interface TreeRowProps {
  domId: string;
  rowKey: string;
  rowIndex: number;
  start: number;
  level: number;
  hasChildren: boolean;
  expanded: boolean;
  /** An ancestor shown for what matched below it: drawn faint and not counted. */
  context: boolean;
  selected: boolean;
  /** Local midnight of the snapshot's day: changes once a day, unlike the snapshot time. */
  today: number;
  process: ProcessInfo | null;
  group: GroupTotals | null;
  onSelect(key: string, open: boolean): void;
  onExpand(key: string, expanded: boolean): void;
}

const cell = "truncate";
const num = "truncate text-right tabular-nums";

function Disclosure({ rowKey, hasChildren, expanded, onExpand }: Pick<TreeRowProps, "rowKey" | "hasChildren" | "expanded" | "onExpand">) {
  if (!hasChildren) return <span className="inline-block w-4" aria-hidden="true" />;
  return (
    <button
      type="button"
      tabIndex={-1}
      aria-hidden="true"
      onClick={(event) => {
        event.stopPropagation();
        onExpand(rowKey, !expanded);
      }}
      className="inline-block w-4 text-slate-500 hover:text-slate-900 dark:hover:text-slate-100"
    >
      {expanded ? "▾" : "▸"}
    </button>
  );
}

function ProcessCells({ process, today }: { process: ProcessInfo; today: number }) {
  return (
    <>
      <span role="gridcell" className={num}>
        {process.pid}
      </span>
      <span role="gridcell" className={`${num} text-slate-500`}>
        {process.pidInJail ?? ""}
      </span>
      <span role="gridcell" className={cell} title={`uid ${process.uid}`}>
        {process.user}
      </span>
      <span role="gridcell" className={`${cell} font-mono text-xs leading-7`}>
        {process.state}
      </span>
      <span role="gridcell" className={`${num} ${process.cpuPercent >= 50 ? "text-red-600 dark:text-red-400" : ""}`}>
        {formatPercent(process.cpuPercent)}
      </span>
      <span role="gridcell" className={num}>
        {formatBytes(process.rssBytes)}
      </span>
      {/* Rendered first on the server, whose time zone may not be the browser's. */}
      <span role="gridcell" className={`${cell} tabular-nums`} suppressHydrationWarning>
        {formatStarted(process.startedAt, today)}
      </span>
    </>
  );
}

function GroupCells({ group }: { group: GroupTotals }) {
  return (
    <>
      <span role="gridcell" className="col-span-4 truncate text-xs leading-7 text-slate-500">
        {group.processCount} processes{group.kind === "container" && " · not managed by Stockade"}
      </span>
      <span role="gridcell" className={num} title={FIGURES.processCpu.source}>
        {formatPercent(group.cpuPercent)}
      </span>
      <span role="gridcell" className={num} title={FIGURES.jailRssSum.source}>
        {formatBytes(group.rssBytes)}
      </span>
      <span role="gridcell" />
    </>
  );
}

/** What a group row says it is: an unmanaged container must not pass for a jail. */
export function groupLabel(group: Pick<GroupTotals, "kind" | "name">): string {
  return group.kind === "jail" ? `jail ${group.name}` : `unmanaged container ${group.name}`;
}

function GroupName({ group }: { group: GroupTotals }) {
  if (group.kind === "jail") return <span className="truncate font-semibold text-sky-800 dark:text-sky-300">{groupLabel(group)}</span>;
  const where = group.lxcPath === null ? "" : ` · LXC path ${group.lxcPath}`;
  return (
    <span className="truncate" title={`An LXC container made outside Stockade${where}: shown read-only, never acted on`}>
      <span className="font-semibold text-amber-800 dark:text-amber-300">{groupLabel(group)}</span>
      {where && <span className="ml-2 font-mono text-xs text-slate-500">{group.lxcPath}</span>}
    </span>
  );
}

function TreeRowView(props: TreeRowProps) {
  const { process, group, level, selected, rowKey, onSelect } = props;
  const label = group ? groupLabel(group) : `pid ${process?.pid} ${process?.command}${props.context ? " (context)" : ""}`;
  return (
    <div
      role="row"
      id={props.domId}
      aria-label={label}
      aria-level={level}
      aria-rowindex={props.rowIndex}
      aria-selected={selected}
      aria-expanded={props.hasChildren ? props.expanded : undefined}
      onClick={() => onSelect(rowKey, false)}
      onDoubleClick={() => onSelect(rowKey, true)}
      style={{ transform: `translateY(${props.start}px)`, height: ROW_HEIGHT }}
      className={`${GRID_COLUMNS} absolute left-0 top-0 w-full cursor-default items-center px-3 text-sm ${
        selected
          ? "bg-sky-100 dark:bg-sky-900/50"
          : group
            ? "bg-slate-100/70 dark:bg-slate-800/50"
            : "hover:bg-slate-100 dark:hover:bg-slate-800/60"
      } ${props.context && !group ? "text-slate-400 dark:text-slate-500" : ""}`}
    >
      {process ? <ProcessCells process={process} today={props.today} /> : group && <GroupCells group={group} />}
      <span role="gridcell" className="flex min-w-0 items-center" style={{ paddingLeft: (level - 1) * 14 }}>
        <Disclosure {...props} />
        {group ? (
          <GroupName group={group} />
        ) : (
          <span className="truncate font-mono text-xs" title={process?.args}>
            {process?.args || process?.command}
          </span>
        )}
      </span>
    </div>
  );
}

export const TreeRow = memo(TreeRowView);
