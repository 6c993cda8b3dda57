"use client";

import { useCallback, useLayoutEffect, useMemo, useState } from "react";
import type { ProcessSnapshot } from "@/server/agent/protocol";
import { buildTree, type ProcessTree } from "./tree-model";
import {
  ALL_COLLAPSED,
  ALL_EXPANDED,
  NO_FILTER,
  flattenTree,
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

/** Sort, filter and expansion state over a live snapshot, and the flat rows they give. */
export function useTreeRows(snapshot: ProcessSnapshot | null, initialFilter: Partial<TreeFilter> = {}): TreeRowsState {
  const [sort, setSort] = useState<Sort>({ key: "pid", descending: false });
  const [filter, setFilterState] = useState<TreeFilter>({ ...NO_FILTER, ...initialFilter });
  const [expansion, setExpansion] = useState<Expansion>(ALL_EXPANDED);
  const tree = useMemo(() => {
    if (snapshot) performance.mark("stockade:tree-data");
    return buildTree(snapshot ?? EMPTY);
  }, [snapshot]);
  const rows = useMemo(() => flattenTree(tree, { sort, filter, expansion }), [tree, sort, filter, expansion]);
  usePaintMarks(snapshot, rows);
  const setNodeExpanded = useCallback(
    (key: string, expanded: boolean) => setExpansion((current) => setExpanded(current, key, expanded)),
    [],
  );
  const expandAll = useCallback(() => setExpansion(ALL_EXPANDED), []);
  const collapseAll = useCallback(() => setExpansion(ALL_COLLAPSED), []);
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
