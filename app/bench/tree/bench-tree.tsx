"use client";

import { useEffect, useState } from "react";
import { ProcessTree } from "@/app/_components/process-tree/process-tree";
import type { LiveProcessesView } from "@/app/_components/process-tree/live";
import type { ProcessSnapshot } from "@/server/agent/protocol";
import { syntheticSnapshot, syntheticUpdate } from "./synthetic";

const TICK_MS = 100;

/** A live source that needs no agent: the full snapshot after mount, then a tick every 100 ms. */
function useSyntheticLive(): LiveProcessesView {
  const [snapshot, setSnapshot] = useState<ProcessSnapshot | null>(null);
  const [paused, setPaused] = useState(false);
  useEffect(() => {
    // Arrives after hydration, as the socket's first snapshot would.
    const first = requestAnimationFrame(() => setSnapshot((current) => current ?? syntheticSnapshot()));
    return () => cancelAnimationFrame(first);
  }, []);
  useEffect(() => {
    if (paused) return;
    let tick = 0;
    const timer = setInterval(() => setSnapshot((current) => (current ? syntheticUpdate(current, ++tick) : current)), TICK_MS);
    return () => clearInterval(timer);
  }, [paused]);
  return {
    snapshot,
    status: paused ? "paused" : snapshot ? "live" : "connecting",
    statusMessage: null,
    paused,
    setPaused,
    lastUpdateAt: snapshot?.takenAt ?? null,
  };
}

export function BenchTree() {
  return <ProcessTree live={useSyntheticLive()} />;
}
