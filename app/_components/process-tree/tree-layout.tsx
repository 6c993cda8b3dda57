"use client";

import { memo, useCallback, useSyncExternalStore } from "react";
import { TREE_LAYOUTS, type TreeLayout } from "./tree-model";

const STORAGE_KEY = "stockade-tree-layout";
const DEFAULT_LAYOUT: TreeLayout = "jails-first";
const LABELS: Record<TreeLayout, string> = { "jails-first": "Jails first", "host-tree": "Host tree (by PID)" };
const listeners = new Set<() => void>();

function read(): TreeLayout {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return TREE_LAYOUTS.find((layout) => layout === stored) ?? DEFAULT_LAYOUT;
  } catch {
    return DEFAULT_LAYOUT;
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The overview's tree layout, remembered in this browser; jails first until the user picks another. */
export function useRememberedLayout(): [TreeLayout, (layout: TreeLayout) => void] {
  const layout = useSyncExternalStore(subscribe, read, () => DEFAULT_LAYOUT);
  const choose = useCallback((next: TreeLayout) => {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Storage refused (private mode): the default stays.
    }
    for (const listener of listeners) listener();
  }, []);
  return [layout, choose];
}

function LayoutSelectView({ layout, onChange }: { layout: TreeLayout; onChange(layout: TreeLayout): void }) {
  return (
    <select
      aria-label="Tree layout"
      value={layout}
      onChange={(event) => onChange(event.target.value as TreeLayout)}
      className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
    >
      {TREE_LAYOUTS.map((option) => (
        <option key={option} value={option}>
          {LABELS[option]}
        </option>
      ))}
    </select>
  );
}

export const LayoutSelect = memo(LayoutSelectView);
