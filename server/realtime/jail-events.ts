/**
 * Relays agents' event streams to browsers: a jail's events (state, boot and shutdown output,
 * its create steps) to those following that jail on that host, a host's template builds to
 * those who may create jails there. Membership is re-checked on every relay, so a revoked grant
 * stops the stream.
 */
import type { Server, Socket } from "socket.io";
import { z } from "zod";
import { subscribeAgentEvents, type EventStreamStatus, type EventSubscription } from "@/server/agent-client/events";
import type { AgentConnection } from "@/server/agent-client/connection";
import type { HostPlace, PlaceOf } from "@/server/api/host-place";
import { jailNameSchema, type AgentEvent } from "@/server/agent/protocol";
import { isAllowed, type Permission, type Target } from "@/server/auth/permissions";
import { onEvent, type EventContext } from "./events";
import { socketPlaces } from "./socket-places";
import type { SocketData } from "./socket-server";

// A host id has no ":", so a host's rooms cannot collide with another's.
const jailRoom = (hostId: string, jail: string) => `jail-events:${hostId}:${jail}`;
const templatesRoom = (hostId: string) => `templates-progress:${hostId}`;
const follow = z.object({ name: jailNameSchema }).strict();
const empty = z.object({}).strict();

/** The jail an event concerns: its own field, or the target of a "create:NAME" progress task. */
export function jailOfEvent(event: AgentEvent): string | null {
  if ("jail" in event && typeof event.jail === "string") return event.jail;
  if (event.type !== "progress") return null;
  const [kind, target] = event.task.split(":", 2);
  return kind !== "template" && target && jailNameSchema.safeParse(target).success ? target : null;
}

type Drop = (socketId: string, room: string) => void;

/** Where an event goes, as what, and what its followers must still be allowed there. */
interface Route {
  room: string;
  name: "templates:progress" | "jail:event";
  permission: Permission;
  /** Read only when someone follows: a jail's target needs its tags, a jail listing from the agent. */
  target: () => Promise<Target>;
}

function routeOf(place: HostPlace, event: AgentEvent): Route | null {
  const hostId = place.hostId;
  if (event.type === "progress" && event.task.startsWith("template:")) {
    const target = async () => ({ kind: "host" as const, hostId });
    return { room: templatesRoom(hostId), name: "templates:progress", permission: "jails.manage", target };
  }
  const jail = jailOfEvent(event);
  if (!jail) return null;
  const target = async () => ({ kind: "jail" as const, hostId, jail, tags: await place.jailTags(jail).catch(() => []) });
  return { room: jailRoom(hostId, jail), name: "jail:event", permission: "jails.view", target };
}

/** Each follower still allowed there gets the event, naming its host; `drop` takes the others out of the room. */
async function relay(io: Server, place: HostPlace, event: AgentEvent, drop: Drop): Promise<void> {
  const route = routeOf(place, event);
  if (!route) return;
  // This process's followers only: each process that has followers hears the agent itself.
  const sockets = await io.local.in(route.room).fetchSockets();
  if (sockets.length === 0) return;
  const target = await route.target();
  for (const socket of sockets) {
    const caller = (socket.data as SocketData).caller;
    if (isAllowed(caller.grants, route.permission, target)) socket.emit(route.name, { ...event, host: place.hostId });
    else drop(socket.id, route.room);
  }
}

interface HostStream {
  subscription: EventSubscription;
  /** "socket id NUL room" of every follower here. */
  members: Set<string>;
  /** True once connected, false if its first attempt failed. */
  ready: Promise<boolean>;
}

/**
 * One event stream per host someone here follows a jail or the template builds on: opened by the first follow, closed when the last follower leaves or disconnects.
 */
class HostStreams {
  private readonly streams = new Map<string, HostStream>();

  constructor(private readonly io: Server) {}

  /**
   * Resolves once the host's stream is connected (or has failed once; it keeps retrying), so a
   * browser that starts an action after its follow was acknowledged misses none of its events.
   */
  async join(socket: Socket, place: HostPlace, room: string): Promise<{ connected: boolean }> {
    void socket.join(room);
    const stream = this.streams.get(place.hostId) ?? this.open(place);
    stream.members.add(`${socket.id}\u0000${room}`);
    return { connected: await stream.ready };
  }

  private open(place: HostPlace): HostStream {
    const drop = (socketId: string, from: string) => this.leave(socketId, place.hostId, from);
    const onEvent = (event: AgentEvent) => void relay(this.io, place, event, drop).catch(() => undefined);
    let settle: (connected: boolean) => void = () => undefined;
    const ready = new Promise<boolean>((resolve) => (settle = resolve));
    const onStatus = (status: EventStreamStatus) => status !== "connecting" && settle(status === "connected");
    const stream = { subscription: subscribeAgentEvents(place.agent, { onEvent, onStatus }), members: new Set<string>(), ready };
    this.streams.set(place.hostId, stream);
    return stream;
  }

  leave(socketId: string, hostId: string, room: string): void {
    this.io.local.in(socketId).socketsLeave(room);
    const stream = this.streams.get(hostId);
    if (!stream) return;
    stream.members.delete(`${socketId}\u0000${room}`);
    if (stream.members.size > 0) return;
    stream.subscription.close();
    this.streams.delete(hostId);
  }

  dropSocket(socket: Socket): void {
    for (const [hostId, stream] of [...this.streams]) {
      for (const member of [...stream.members]) {
        const [socketId, room] = member.split("\u0000");
        if (socketId === socket.id) this.leave(socket.id, hostId, room!);
      }
    }
  }

  /** The hosts this process follows the event stream of now (one stream each). */
  hosts(): string[] {
    return [...this.streams.keys()].sort();
  }

  close(): void {
    for (const stream of this.streams.values()) stream.subscription.close();
    this.streams.clear();
  }
}

function registerFollowEvents(ctx: EventContext, streams: HostStreams): void {
  const socket = ctx.socket;
  const jailSpec = {
    permission: "jails.view" as const,
    target: { jailFrom: (p: unknown) => (p as { name: string }).name },
    payload: follow,
    onHost: true,
  };
  onEvent(ctx, { name: "jail:follow", ...jailSpec }, ({ name }, place) => streams.join(socket, place, jailRoom(place.hostId, name)));
  onEvent(ctx, { name: "jail:unfollow", ...jailSpec }, ({ name }, place) =>
    streams.leave(socket.id, place.hostId, jailRoom(place.hostId, name)),
  );
  const templates = { permission: "jails.manage" as const, target: "host" as const, payload: empty, onHost: true };
  onEvent(ctx, { name: "templates:follow", ...templates }, (_, place) => streams.join(socket, place, templatesRoom(place.hostId)));
  onEvent(ctx, { name: "templates:unfollow", ...templates }, (_, place) =>
    streams.leave(socket.id, place.hostId, templatesRoom(place.hostId)),
  );
}

export interface JailEventsRelay {
  hosts(): string[];
  stop(): void;
}

/** Jail events per host; `remote` resolves the recorded hosts a follow may name (without it, this machine only). */
export function registerJailEvents(io: Server, agent: AgentConnection, remote?: PlaceOf): JailEventsRelay {
  const { local, placeOf } = socketPlaces(agent, remote);
  const streams = new HostStreams(io);
  io.on("connection", (socket) => {
    registerFollowEvents({ socket, ...local, placeOf }, streams);
    socket.on("disconnect", () => streams.dropSocket(socket));
  });
  return { hosts: () => streams.hosts(), stop: () => streams.close() };
}
