"use client";

import { useSharedLiveProcesses } from "@/app/_live/live-processes-context";
import { ProcessTree } from "./process-tree";

/** The process tree of the page's live feed; `jail` narrows it to one jail's subtree. */
export function LiveTree({ jail }: { jail?: string }) {
  return <ProcessTree live={useSharedLiveProcesses()} jail={jail} />;
}
