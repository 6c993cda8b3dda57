"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { LiveProcessesView } from "@/app/_components/process-tree/live";
import { useLiveProcesses } from "./use-live-processes";

const LiveProcessesContext = createContext<LiveProcessesView | null>(null);

/**
 * One live process feed per page: the tree and every figure counted from the process table
 * (the host card's process count) read the same snapshot, so they never disagree.
 */
export function LiveProcessesProvider({ children }: { children: ReactNode }) {
  const live = useLiveProcesses();
  return <LiveProcessesContext.Provider value={live}>{children}</LiveProcessesContext.Provider>;
}

export function useSharedLiveProcesses(): LiveProcessesView {
  const live = useContext(LiveProcessesContext);
  if (!live) throw new Error("useSharedLiveProcesses needs a LiveProcessesProvider above it");
  return live;
}
