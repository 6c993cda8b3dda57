"use client";

import { useLiveProcesses } from "@/app/_live/use-live-processes";
import { ProcessTree } from "./process-tree";

/** The process tree fed by the live socket; `jail` narrows it to one jail's subtree. */
export function LiveTree({ jail }: { jail?: string }) {
  const live = useLiveProcesses();
  return <ProcessTree live={live} jail={jail} />;
}
