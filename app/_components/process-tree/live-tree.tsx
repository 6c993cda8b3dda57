"use client";

import type { ReactNode } from "react";
import { useSharedLiveProcesses } from "@/app/_live/live-processes-context";
import { ProcessTree } from "./process-tree";

/** The process tree of the page's live feed; `jail` narrows it to one jail's subtree. */
export function LiveTree({ jail, title }: { jail?: string; title?: ReactNode }) {
  return <ProcessTree live={useSharedLiveProcesses()} jail={jail} title={title} />;
}
