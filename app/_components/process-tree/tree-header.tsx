"use client";

import { memo } from "react";
import { COLUMNS, GRID_COLUMNS, ROW_HEIGHT } from "./columns";
import type { Sort, SortKey } from "./tree-view";

/** Numbers start biggest-first (what is eating the host?), text A to Z. */
const DESCENDING_FIRST: ReadonlySet<SortKey> = new Set(["cpu", "memory", "started"]);

export function nextSort(current: Sort, key: SortKey): Sort {
  if (current.key === key) return { key, descending: !current.descending };
  return { key, descending: DESCENDING_FIRST.has(key) };
}

function TreeHeaderView({ sort, onSort }: { sort: Sort; onSort(sort: Sort): void }) {
  return (
    <div
      role="row"
      aria-rowindex={1}
      style={{ height: ROW_HEIGHT }}
      className={`${GRID_COLUMNS} sticky top-0 z-10 items-center border-b border-slate-200 bg-slate-100 px-3 text-xs font-semibold uppercase text-slate-500 dark:border-slate-800 dark:bg-slate-900`}
    >
      {COLUMNS.map((column) => {
        const active = sort.key === column.key;
        return (
          <span
            key={column.key}
            role="columnheader"
            aria-sort={active ? (sort.descending ? "descending" : "ascending") : "none"}
            className={column.numeric ? "text-right" : undefined}
          >
            <button
              type="button"
              onClick={() => onSort(nextSort(sort, column.key))}
              className={`uppercase hover:text-slate-900 focus-visible:outline focus-visible:outline-2 focus-visible:outline-sky-500 dark:hover:text-slate-100 ${active ? "text-sky-700 dark:text-sky-300" : ""}`}
            >
              {column.label}
              <span aria-hidden="true">{active ? (sort.descending ? " ↓" : " ↑") : ""}</span>
            </button>
          </span>
        );
      })}
    </div>
  );
}

/** Memoized: a live update re-renders the grid, and the header's props hold across it. */
export const TreeHeader = memo(TreeHeaderView);
