import type { LiveStatus } from "@/app/_live/use-live-processes";
import type { ProcessSnapshot } from "@/server/agent/protocol";

/** What the tree needs from a live source: the overview's socket hook or the bench page's generator. */
export interface LiveProcessesView {
  /** The host whose processes these are. */
  host: string;
  snapshot: ProcessSnapshot | null;
  status: LiveStatus;
  statusMessage: string | null;
  paused: boolean;
  setPaused(paused: boolean): void;
  lastUpdateAt: number | null;
}

/** How many processes a snapshot holds (in one jail, if given): what the tree's counter and the host card both show. */
export function processCount(snapshot: ProcessSnapshot, jail?: string): number {
  if (jail === undefined) return snapshot.processes.length;
  return snapshot.processes.reduce((count, process) => count + (process.jail === jail ? 1 : 0), 0);
}
