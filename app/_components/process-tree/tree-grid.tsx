"use client";

import { useRef, type KeyboardEvent, type ReactNode } from "react";
import { ROW_HEIGHT } from "./columns";
import { useRowWindow, type RowWindow } from "./row-window";
import { keyAction, type KeyAction } from "./tree-keys";
import { TreeHeader } from "./tree-header";
import { TreeRow, type GroupTotals } from "./tree-row";
import type { GroupNode } from "./tree-model";
import type { Sort, TreeRow as Row } from "./tree-view";

export interface TreeGridProps {
  id: string;
  label: string;
  rows: Row[];
  sort: Sort;
  onSort(sort: Sort): void;
  selectedKey: string | null;
  onSelect(key: string, open: boolean): void;
  onExpand(key: string, expanded: boolean): void;
  onClose(): void;
  today: number;
  /** Said inside the grid when there are no rows: loading, offline, nothing matches. */
  emptyText: string;
}

const domId = (key: string) => `process-row-${key.replace(/[^A-Za-z0-9_-]/g, "_")}`;

/** The last totals handed to each group row: the same object while they hold, so its memoized row skips the render. */
const lastTotals = new WeakMap<GroupNode, GroupTotals>();

function groupTotals(row: Row): GroupTotals | null {
  const node = row.node;
  if (node.kind === "process") return null;
  const last = lastTotals.get(node);
  if (last && last.cpuPercent === node.cpuPercent && last.rssBytes === node.rssBytes && last.processCount === node.processCount)
    return last;
  const totals = { cpuPercent: node.cpuPercent, rssBytes: node.rssBytes, processCount: node.processCount };
  const made: GroupTotals =
    node.kind === "jail"
      ? { kind: "jail", name: node.jail, lxcPath: null, ...totals }
      : { kind: "container", name: node.name, lxcPath: node.lxcPath, ...totals };
  lastTotals.set(node, made);
  return made;
}

/** Scrolling follows the keyboard only, so a live update never yanks a list the mouse scrolled. */
function keyHandler(props: TreeGridProps, pageSize: () => number, scrollTo: (index: number) => void) {
  return (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return;
    const action: KeyAction | null = keyAction(event.key, props.rows, props.selectedKey, pageSize());
    if (!action) return;
    event.preventDefault();
    if (action.kind === "select") {
      props.onSelect(action.key, false);
      scrollTo(props.rows.findIndex((row) => row.key === action.key));
    } else if (action.kind === "open") props.onSelect(action.key, true);
    else if (action.kind === "expand") props.onExpand(action.key, action.expanded);
    else props.onClose();
  };
}

/** The rows in view, each placed at its offset; memoized rows skip unchanged processes. */
function VirtualRows({ grid, range }: { grid: TreeGridProps; range: RowWindow }) {
  const drawn: ReactNode[] = [];
  for (let index = range.start; index < range.end; index++) {
    const row = grid.rows[index];
    if (!row) continue;
    drawn.push(
      <TreeRow
        key={row.key}
        domId={domId(row.key)}
        rowKey={row.key}
        rowIndex={index + 2}
        start={index * ROW_HEIGHT}
        level={row.level}
        hasChildren={row.hasChildren}
        expanded={row.expanded}
        context={row.context}
        selected={row.key === grid.selectedKey}
        today={grid.today}
        process={row.node.kind === "process" ? row.node.process : null}
        group={groupTotals(row)}
        onSelect={grid.onSelect}
        onExpand={grid.onExpand}
      />,
    );
  }
  return (
    <div role="rowgroup" className="relative" style={{ height: grid.rows.length * ROW_HEIGHT }}>
      {drawn}
    </div>
  );
}

/** The grid's tallest height (44rem): the server renders the first screen of rows with the page. */
const INITIAL_HEIGHT = 704;

/**
 * More rows than fill the tallest grid (44rem, even at a root font of 60px): past it the
 * height holds, so a live update that adds or removes a row does not restyle the grid.
 */
const TALLEST_ROWS = 100;

/** A virtualized treegrid: only the rows in view (plus a margin) are in the DOM. */
export function TreeGrid(props: TreeGridProps) {
  const { rows, selectedKey } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const { scrollTo, pageSize, ...range } = useRowWindow(scrollRef, rows.length, INITIAL_HEIGHT);
  const selectedIndex = selectedKey === null ? -1 : rows.findIndex((row) => row.key === selectedKey);
  const onKeyDown = keyHandler(props, pageSize, scrollTo);
  return (
    <div
      ref={scrollRef}
      id={props.id}
      role="treegrid"
      aria-label={props.label}
      aria-rowcount={rows.length + 1}
      aria-multiselectable={false}
      aria-activedescendant={selectedIndex >= 0 ? domId(selectedKey ?? "") : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      style={{ height: `min(70vh, 44rem, ${(Math.min(Math.max(rows.length, 4), TALLEST_ROWS) + 1) * ROW_HEIGHT + 2}px)` }}
      className="relative overflow-auto rounded-lg border border-slate-200 bg-white focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="min-w-[52rem]">
        <TreeHeader sort={props.sort} onSort={props.onSort} />
        {rows.length === 0 && (
          <div role="row" className="px-3 py-6 text-sm text-slate-500">
            <span role="gridcell">{props.emptyText}</span>
          </div>
        )}
        <VirtualRows grid={props} range={range} />
      </div>
    </div>
  );
}
