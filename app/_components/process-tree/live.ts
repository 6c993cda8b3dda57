import type { LiveStatus } from "@/app/_live/use-live-processes";
import type { ProcessSnapshot } from "@/server/agent/protocol";

/** What the tree needs from a live source: the overview's socket hook or the bench page's generator. */
export interface LiveProcessesView {
  snapshot: ProcessSnapshot | null;
  status: LiveStatus;
  statusMessage: string | null;
  paused: boolean;
  setPaused(paused: boolean): void;
  lastUpdateAt: number | null;
}
