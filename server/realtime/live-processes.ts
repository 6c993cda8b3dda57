/**
 * One process feed per (web process, host): while anyone watches that host, it asks its agent
 * for a snapshot once a second and sends each scope (admins; each set of visible jails) only
 * what changed. Viewers with the same scope share one room and one diff. Every message names
 * its host, so one socket can watch several.
 */
import type { Server, Socket } from "socket.io";
import { diffSnapshots, type ProcessDelta } from "@/shared/process-delta";
import type { AgentConnection } from "@/server/agent-client/connection";
import { fetchJails, fetchProcessSnapshot } from "@/server/agent-client/methods";
import type { Jail, ProcessSnapshot } from "@/server/agent/protocol";
import { allowedOnHost, scopeSnapshot, visibleJails } from "@/server/api/scope";
import type { SocketData } from "./socket-server";

/** Longest a tick waits for a host's agent: far beyond a healthy snapshot, short enough to say a host hangs. */
export const FEED_CALL_TIMEOUT_MS = 5_000;

export interface LiveStatus {
  host: string;
  agent: "reachable" | "offline";
  message: string | null;
}

interface Watcher {
  /** Its viewer is read from socket.data on every tick: the handshake's grants are refreshed there. */
  socket: Socket;
  room: string | null;
}

interface RoomState {
  seq: number;
  snapshot: ProcessSnapshot;
}

export class LiveProcessFeed {
  private readonly watchers = new Map<string, Watcher>();
  private readonly rooms = new Map<string, RoomState>();
  private timer: NodeJS.Timeout | null = null;
  /** True while a tick awaits the agent: a watch then must not start a second loop. */
  private ticking = false;
  private stopped = false;
  private status: LiveStatus;

  /** `agentOf` is asked on every tick: the host's connection may be re-resolved (a new CRL, a changed address). */
  constructor(
    private readonly io: Server,
    private readonly hostId: string,
    private readonly agentOf: () => Promise<AgentConnection>,
    private readonly intervalMs = 1000,
  ) {
    this.status = { host: hostId, agent: "reachable", message: null };
  }

  /** Nobody watches: the feed manager stops and drops it. */
  idle(): boolean {
    return this.watchers.size === 0;
  }

  /** Watching again (after a lost delta) re-sends a full snapshot on the next tick. */
  watch(socket: Socket): void {
    const previous = this.watchers.get(socket.id);
    if (previous?.room) void socket.leave(previous.room);
    this.watchers.set(socket.id, { socket, room: null });
    socket.emit("live:status", this.status);
    if (!this.timer && !this.ticking) void this.tick();
  }

  unwatch(socket: Socket): void {
    const watcher = this.watchers.get(socket.id);
    if (watcher?.room) void socket.leave(watcher.room);
    this.watchers.delete(socket.id);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async tick(): Promise<void> {
    this.timer = null;
    if (this.watchers.size === 0) return this.rooms.clear();
    const started = Date.now();
    this.ticking = true;
    try {
      // A host that hangs (accepts, never answers) is reported offline after this, not after the 60 s call default.
      const agent = { ...(await this.agentOf()), requestTimeoutMs: FEED_CALL_TIMEOUT_MS };
      const [snapshot, jails] = await Promise.all([fetchProcessSnapshot(agent), fetchJails(agent)]);
      this.setStatus("reachable", null);
      this.publish(snapshot, jails);
    } catch (error) {
      // An unreachable host, a refused certificate, a host removed since: the watchers are told, the loop goes on.
      this.setStatus("offline", error instanceof Error ? error.message : String(error));
    } finally {
      this.ticking = false;
    }
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), Math.max(0, this.intervalMs - (Date.now() - started)));
  }

  private setStatus(agent: LiveStatus["agent"], message: string | null): void {
    if (agent === this.status.agent && message === this.status.message) return;
    const status = { host: this.hostId, agent, message };
    this.status = status;
    for (const watcher of this.watchers.values()) watcher.socket.emit("live:status", status);
  }

  private publish(snapshot: ProcessSnapshot, jails: Jail[]): void {
    const next = new Map<string, ProcessSnapshot>();
    for (const watcher of this.watchers.values()) {
      const scope = { caller: (watcher.socket.data as SocketData).caller, hostId: this.hostId };
      const visible = new Set(visibleJails(scope, jails).map((jail) => jail.name));
      // Distinct prefixes: a jail may be named anything a jail name allows, "all" included; a host id has no ":".
      const prefix = `processes:${this.hostId}`;
      const room = allowedOnHost(scope, "host.processes.view") ? `${prefix}:all` : `${prefix}:jails:${[...visible].sort().join(",")}`;
      if (!next.has(room)) next.set(room, scopeSnapshot(scope, snapshot, visible));
      if (watcher.room !== room) this.moveToRoom(watcher, room, next.get(room)!);
    }
    for (const [room, scoped] of next) this.sendDelta(room, scoped);
    for (const room of this.rooms.keys()) if (!next.has(room)) this.rooms.delete(room);
  }

  /** A new watcher (or one whose scope changed) starts from a full snapshot. */
  private moveToRoom(watcher: Watcher, room: string, scoped: ProcessSnapshot): void {
    if (watcher.room) void watcher.socket.leave(watcher.room);
    void watcher.socket.join(room);
    watcher.room = room;
    const state = this.rooms.get(room);
    watcher.socket.emit("processes:full", { host: this.hostId, seq: state?.seq ?? 0, snapshot: state?.snapshot ?? scoped });
  }

  private sendDelta(room: string, scoped: ProcessSnapshot): void {
    const state = this.rooms.get(room);
    if (!state) {
      this.rooms.set(room, { seq: 0, snapshot: scoped });
      return;
    }
    const delta: ProcessDelta = diffSnapshots(state.snapshot, scoped, state.seq + 1);
    this.rooms.set(room, { seq: delta.seq, snapshot: scoped });
    // Every web process runs its own feed from the agent: a broadcast through Redis would double each delta.
    this.io.local.to(room).emit("processes:delta", { ...delta, host: this.hostId });
  }
}
