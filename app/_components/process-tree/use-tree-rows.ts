"use client";

import { useCallback, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { ProcessSnapshot } from "@/server/agent/protocol";
import { LiveTree } from "./tree-live";
import { buildTree, type ProcessTree, type TreeLayout } from "./tree-model";
import { RowsCache } from "./tree-rows-cache";
import {
  ALL_COLLAPSED,
  ALL_EXPANDED,
  NO_FILTER,
  defaultExpansion,
  setExpanded,
  type Expansion,
  type Sort,
  type TreeFilter,
  type TreeRow,
} from "./tree-view";

const EMPTY: ProcessSnapshot = { takenAt: 0, processes: [], jailAnchors: {} };

/** Marks for the benchmark: data in, then the frame after the rows were committed. */
function usePaintMarks(snapshot: ProcessSnapshot | null, rows: TreeRow[]) {
  useLayoutEffect(() => {
    if (!snapshot) return;
    const frame = requestAnimationFrame(() => performance.mark("stockade:tree-painted"));
    return () => cancelAnimationFrame(frame);
  }, [snapshot, rows]);
}

export interface TreeRowsState {
  tree: ProcessTree;
  rows: TreeRow[];
  sort: Sort;
  setSort(sort: Sort): void;
  filter: TreeFilter;
  setFilter(update: (filter: TreeFilter) => TreeFilter): void;
  /** Stable across renders, so memoized rows can hold it. */
  setNodeExpanded(key: string, expanded: boolean): void;
  expandAll(): void;
  collapseAll(): void;
}

/**
 * Sort, filter and expansion state over a live snapshot, and the flat rows they give. Until
 * the user folds something, the layout's own default expansion applies.
 */
export function useTreeRows(
  snapshot: ProcessSnapshot | null,
  initialFilter: Partial<TreeFilter> = {},
  layout: TreeLayout = "host-tree",
): TreeRowsState {
  const [sort, setSort] = useState<Sort>({ key: "pid", descending: false });
  const [filter, setFilterState] = useState<TreeFilter>({ ...NO_FILTER, ...initialFilter });
  const [chosen, setChosen] = useState<{ layout: TreeLayout; expansion: Expansion } | null>(null);
  // Kept across renders and patched per live update; the same snapshot gives back the same tree.
  const [live] = useState(() => new LiveTree());
  const tree = useMemo(() => {
    if (!snapshot) return buildTree(EMPTY, layout);
    performance.mark("stockade:tree-data");
    return live.update(snapshot, layout);
  }, [live, snapshot, layout]);
  const expansion = chosen?.layout === layout ? chosen.expansion : defaultExpansion(tree, layout);
  const current = useRef(expansion);
  useLayoutEffect(() => {
    current.current = expansion;
  });
  // Like the tree, kept across renders: each update draws again only the rows it touched.
  const [cache] = useState(() => new RowsCache());
  const rows = useMemo(() => cache.rows(tree, { sort, filter, expansion, layout }), [cache, tree, sort, filter, expansion, layout]);
  usePaintMarks(snapshot, rows);
  const setExpansion = useCallback((expansion: Expansion) => setChosen({ layout, expansion }), [layout]);
  const setNodeExpanded = useCallback(
    (key: string, expanded: boolean) => setExpansion(setExpanded(current.current, key, expanded)),
    [setExpansion],
  );
  const expandAll = useCallback(() => setExpansion(ALL_EXPANDED), [setExpansion]);
  const collapseAll = useCallback(() => setExpansion(ALL_COLLAPSED), [setExpansion]);
  return {
    tree,
    rows,
    sort,
    setSort,
    filter,
    setFilter: setFilterState,
    setNodeExpanded,
    expandAll,
    collapseAll,
  };
}
