"use client";

import { useEffect, useRef, useState } from "react";
import type { ProcessSnapshot } from "@/server/agent/protocol/host";
import { applyDelta, type ProcessDelta } from "@/shared/process-delta";
import type { Socket } from "socket.io-client";
import { loadLiveSocket } from "./load-socket";

export type LiveStatus = "connecting" | "live" | "paused" | "agent-offline" | "disconnected";

interface LiveState {
  snapshot: ProcessSnapshot | null;
  seq: number;
  agentOffline: string | null;
  connected: boolean;
  lastUpdateAt: number | null;
}

const initial: LiveState = { snapshot: null, seq: 0, agentOffline: null, connected: false, lastUpdateAt: null };

function onDelta(state: LiveState, delta: ProcessDelta): LiveState {
  if (!state.snapshot || delta.seq !== state.seq + 1) return state;
  return { ...state, snapshot: applyDelta(state.snapshot, delta), seq: delta.seq, lastUpdateAt: Date.now() };
}

type Setter = (update: (state: LiveState) => LiveState) => void;

/** Watches the process table on `socket`; returns what stops it. */
function watchProcesses(socket: Socket, setState: Setter, seq: { current: number | null }): () => void {
  const watch = () => socket.emit("processes:watch", {});
  const handlers = {
    connect: () => {
      setState((s) => ({ ...s, connected: true }));
      watch();
    },
    disconnect: () => setState((s) => ({ ...s, connected: false })),
    "processes:full": (full: { seq: number; snapshot: ProcessSnapshot }) => {
      seq.current = full.seq;
      setState((s) => ({ ...s, snapshot: full.snapshot, seq: full.seq, lastUpdateAt: Date.now() }));
    },
    "processes:delta": (delta: ProcessDelta) => {
      if (seq.current === null) return;
      // A gap means a delta was lost: ask for a full snapshot again.
      if (delta.seq !== seq.current + 1) return watch();
      seq.current = delta.seq;
      setState((s) => onDelta(s, delta));
    },
    "live:status": (status: { agent: string; message: string | null }) =>
      setState((s) => ({ ...s, agentOffline: status.agent === "offline" ? (status.message ?? "The agent is offline.") : null })),
  };
  for (const [event, handler] of Object.entries(handlers)) socket.on(event, handler);
  if (socket.connected) handlers.connect();
  return () => {
    seq.current = null;
    socket.emit("processes:unwatch", {});
    for (const [event, handler] of Object.entries(handlers)) socket.off(event, handler);
  };
}

function useLiveFeed(paused: boolean, first: ProcessSnapshot | null) {
  const [state, setState] = useState<LiveState>(() => ({ ...initial, snapshot: first }));
  const seq = useRef<number | null>(null);
  useEffect(() => {
    if (paused) return;
    let stop: (() => void) | null = null;
    let ended = false;
    void loadLiveSocket().then((socket) => {
      if (!ended) stop = watchProcesses(socket, setState, seq);
    });
    return () => {
      ended = true;
      stop?.();
    };
  }, [paused]);
  return state;
}

/**
 * The host's process table, kept live by deltas over socket.io; pausing stops the stream.
 * `first` (rendered with the page) shows until the socket's own full snapshot replaces it.
 */
export function useLiveProcesses(first: ProcessSnapshot | null = null) {
  const [paused, setPaused] = useState(false);
  const state = useLiveFeed(paused, first);
  let status: LiveStatus = "connecting";
  if (paused) status = "paused";
  else if (state.agentOffline) status = "agent-offline";
  else if (!state.connected && state.snapshot) status = "disconnected";
  else if (state.connected && state.snapshot) status = "live";
  const statusMessage =
    status === "agent-offline" ? state.agentOffline : status === "disconnected" ? "Connection to Stockade lost; reconnecting…" : null;
  return { snapshot: state.snapshot, status, statusMessage, paused, setPaused, lastUpdateAt: state.lastUpdateAt };
}
