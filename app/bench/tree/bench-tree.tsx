"use client";

import { useEffect, useRef, useState } from "react";
import { ProcessTree } from "@/app/_components/process-tree/process-tree";
import type { LiveProcessesView } from "@/app/_components/process-tree/live";
import { LOCAL_HOST_ID } from "@/shared/host-id";
import type { ProcessSnapshot } from "@/server/agent/protocol";
import { applyDelta } from "@/shared/process-delta";
import { SyntheticFeed, syntheticSnapshot } from "./synthetic";

const TICK_MS = 100;

/** A live source that needs no agent: the full snapshot after mount, then a delta every 100 ms. */
function useSyntheticLive(): LiveProcessesView {
  const [snapshot, setSnapshot] = useState<ProcessSnapshot | null>(null);
  const [paused, setPaused] = useState(false);
  // The snapshot the deltas apply to, and their source: kept outside state so updates stay pure.
  const feed = useRef<{ snapshot: ProcessSnapshot; source: SyntheticFeed } | null>(null);
  const started = snapshot !== null;
  useEffect(() => {
    // Arrives after hydration, as the socket's first snapshot would.
    const first = requestAnimationFrame(() => {
      const initial = syntheticSnapshot();
      feed.current = { snapshot: initial, source: new SyntheticFeed(initial) };
      setSnapshot(initial);
    });
    return () => cancelAnimationFrame(first);
  }, []);
  useEffect(() => {
    if (paused || !started) return;
    // Each tick goes through applyDelta, as the socket's deltas do in use-live-processes.
    const timer = setInterval(() => {
      const current = feed.current;
      if (!current) return;
      current.snapshot = applyDelta(current.snapshot, current.source.next());
      setSnapshot(current.snapshot);
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [paused, started]);
  return {
    host: LOCAL_HOST_ID,
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
