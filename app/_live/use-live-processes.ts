"use client";

import { useEffect, useRef, useState } from "react";
import type { ProcessSnapshot } from "@/server/agent/protocol/host";
import { applyDelta, type ProcessDelta } from "@/shared/process-delta";
import type { Socket } from "socket.io-client";
import { LOCAL_HOST_ID } from "@/shared/host-id";
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

type Reply = { ok: boolean; message?: string };

/** Watches `host`'s process table on `socket` (which may carry other hosts' feeds too); returns what stops it. */
function watchProcesses(socket: Socket, host: string, setState: Setter, seq: { current: number | null }): () => void {
  // A refused watch (an unknown host, no grant there) says why where the tree shows the agent's state.
  const refused = (reply: Reply) => !reply.ok && setState((s) => ({ ...s, agentOffline: reply.message ?? "Live processes were refused." }));
  const watch = () => socket.emit("processes:watch", { host }, refused);
  const ours = (message: { host?: string }) => message.host === host;
  const handlers = {
    connect: () => {
      setState((s) => ({ ...s, connected: true }));
      watch();
    },
    disconnect: () => setState((s) => ({ ...s, connected: false })),
    // The server re-read this user's grants: ask again, so a watch refused before a new grant now shows data.
    "grants:changed": () => watch(),
    "processes:full": (full: { host: string; seq: number; snapshot: ProcessSnapshot }) => {
      if (!ours(full)) return;
      seq.current = full.seq;
      setState((s) => ({ ...s, snapshot: full.snapshot, seq: full.seq, lastUpdateAt: Date.now() }));
    },
    "processes:delta": (delta: ProcessDelta & { host: string }) => {
      if (!ours(delta) || seq.current === null) return;
      // A gap means a delta was lost: ask for a full snapshot again.
      if (delta.seq !== seq.current + 1) return watch();
      seq.current = delta.seq;
      setState((s) => onDelta(s, delta));
    },
    "live:status": (status: { host: string; agent: string; message: string | null }) =>
      ours(status) &&
      setState((s) => ({ ...s, agentOffline: status.agent === "offline" ? (status.message ?? "The agent is offline.") : null })),
  };
  for (const [event, handler] of Object.entries(handlers)) socket.on(event, handler);
  if (socket.connected) handlers.connect();
  return () => {
    seq.current = null;
    socket.emit("processes:unwatch", { host });
    for (const [event, handler] of Object.entries(handlers)) socket.off(event, handler);
  };
}

function useLiveFeed(host: string, paused: boolean, first: ProcessSnapshot | null) {
  const [state, setState] = useState<LiveState>(() => ({ ...initial, snapshot: first }));
  const seq = useRef<number | null>(null);
  useEffect(() => {
    if (paused) return;
    let stop: (() => void) | null = null;
    let ended = false;
    void loadLiveSocket().then((socket) => {
      if (!ended) stop = watchProcesses(socket, host, setState, seq);
    });
    return () => {
      ended = true;
      stop?.();
    };
  }, [host, paused]);
  return state;
}

/**
 * A host's process table, kept live by deltas over socket.io; pausing stops the stream.
 * `first` (rendered with the page) shows until the socket's own full snapshot replaces it.
 */
export function useLiveProcesses(first: ProcessSnapshot | null = null, host = LOCAL_HOST_ID) {
  const [paused, setPaused] = useState(false);
  const state = useLiveFeed(host, paused, first);
  let status: LiveStatus = "connecting";
  if (paused) status = "paused";
  else if (state.agentOffline) status = "agent-offline";
  else if (!state.connected && state.snapshot) status = "disconnected";
  else if (state.connected && state.snapshot) status = "live";
  const statusMessage =
    status === "agent-offline" ? state.agentOffline : status === "disconnected" ? "Connection to Stockade lost; reconnecting…" : null;
  return { host, snapshot: state.snapshot, status, statusMessage, paused, setPaused, lastUpdateAt: state.lastUpdateAt };
}
