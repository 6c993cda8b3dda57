import type { Server, Socket } from "socket.io";
import { z } from "zod";
import type { PlaceOf } from "@/server/api/host-place";
import type { AgentConnection } from "@/server/agent-client/connection";
import { onEvent, type EventContext } from "./events";
import { LiveProcessFeed } from "./live-processes";
import { socketPlaces } from "./socket-places";

const empty = z.object({}).strict();

/**
 * The process feeds of one web process: one per host someone watches, shared by all its
 * watchers, started by the first and stopped when the last leaves (or disconnects).
 */
export class HostFeeds {
  private readonly feeds = new Map<string, LiveProcessFeed>();

  constructor(
    private readonly io: Server,
    private readonly placeOf: PlaceOf,
    private readonly intervalMs: number,
  ) {}

  watch(socket: Socket, hostId: string): void {
    let feed = this.feeds.get(hostId);
    if (!feed) {
      feed = new LiveProcessFeed(this.io, hostId, async () => (await this.placeOf(hostId)).agent, this.intervalMs);
      this.feeds.set(hostId, feed);
    }
    feed.watch(socket);
  }

  unwatch(socket: Socket, hostId: string): void {
    const feed = this.feeds.get(hostId);
    if (!feed) return;
    feed.unwatch(socket);
    if (!feed.idle()) return;
    feed.stop();
    this.feeds.delete(hostId);
  }

  dropSocket(socket: Socket): void {
    for (const hostId of [...this.feeds.keys()]) this.unwatch(socket, hostId);
  }

  /** The hosts this process reads processes from now (one reader each). */
  hosts(): string[] {
    return [...this.feeds.keys()].sort();
  }

  stop(): void {
    for (const feed of this.feeds.values()) feed.stop();
    this.feeds.clear();
  }
}

/**
 * Live-data events; each declares its permission through onEvent. `remote` resolves the recorded
 * hosts a watch may name (without it only this machine's agent: the single-host web).
 */
export function registerLiveEvents(io: Server, agent: AgentConnection, intervalMs = 1000, remote?: PlaceOf): HostFeeds {
  const { local, placeOf } = socketPlaces(agent, remote);
  const feeds = new HostFeeds(io, placeOf, intervalMs);
  io.on("connection", (socket) => {
    const ctx: EventContext = { socket, ...local, placeOf };
    const spec = { permission: "jails.view", target: "anywhere", payload: empty, onHost: true } as const;
    onEvent(ctx, { name: "processes:watch", ...spec }, (_, place) => feeds.watch(socket, place.hostId));
    onEvent(ctx, { name: "processes:unwatch", ...spec }, (_, place) => feeds.unwatch(socket, place.hostId));
    socket.on("disconnect", () => feeds.dropSocket(socket));
  });
  return feeds;
}
