"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { LiveProcessesView } from "@/app/_components/process-tree/live";
import type { ProcessSnapshot } from "@/server/agent/protocol";
import { useLiveProcesses } from "./use-live-processes";

const LiveProcessesContext = createContext<LiveProcessesView | null>(null);

/**
 * One live process feed per page (one host's): the tree and every figure counted from the process table
 * (the host card's process count) read the same snapshot, so they never disagree. `initial` is
 * the snapshot the server rendered the page with: rows show before the socket connects.
 */
export function LiveProcessesProvider({
  initial = null,
  host,
  children,
}: {
  initial?: ProcessSnapshot | null;
  /** Whose processes: this machine's without one. */
  host?: string;
  children: ReactNode;
}) {
  const live = useLiveProcesses(initial, host);
  return <LiveProcessesContext.Provider value={live}>{children}</LiveProcessesContext.Provider>;
}

export function useSharedLiveProcesses(): LiveProcessesView {
  const live = useContext(LiveProcessesContext);
  if (!live) throw new Error("useSharedLiveProcesses needs a LiveProcessesProvider above it");
  return live;
}
