/**
 * Relays the agent's event stream to browsers: a jail's events (state, boot and shutdown
 * output, its create steps) to those following that jail, template builds to admins.
 * Membership is re-checked on every relay, so a revoked grant stops the stream.
 */
import type { Server, Socket } from "socket.io";
import { z } from "zod";
import type { AgentConnection } from "@/server/agent-client/connection";
import { subscribeAgentEvents } from "@/server/agent-client/events";
import { fetchJails } from "@/server/agent-client/methods";
import { jailNameSchema, type AgentEvent } from "@/server/agent/protocol";
import { isAllowed } from "@/server/auth/permissions";
import { LOCAL_HOST_ID } from "@/server/hosts";
import { onEvent, type EventContext } from "./events";
import type { SocketData } from "./socket-server";

const jailRoom = (jail: string) => `jail-events:${jail}`;
const TEMPLATES_ROOM = "templates-progress";
const follow = z.object({ name: jailNameSchema }).strict();
const empty = z.object({}).strict();

/** The jail an event concerns: its own field, or the target of a "create:NAME" progress task. */
export function jailOfEvent(event: AgentEvent): string | null {
  if ("jail" in event && typeof event.jail === "string") return event.jail;
  if (event.type !== "progress") return null;
  const [kind, target] = event.task.split(":", 2);
  return kind !== "template" && target && jailNameSchema.safeParse(target).success ? target : null;
}

class TagCache {
  private tags: Promise<Map<string, string[]>> | null = null;
  private at = 0;
  constructor(private readonly agent: AgentConnection) {}
  async of(jail: string): Promise<string[]> {
    if (!this.tags || Date.now() - this.at > 5_000) {
      this.at = Date.now();
      this.tags = fetchJails(this.agent).then(
        (jails) => new Map(jails.map((j) => [j.name, j.tags])),
        () => new Map(),
      );
    }
    return (await this.tags).get(jail) ?? [];
  }
}

async function relay(io: Server, tags: TagCache, event: AgentEvent): Promise<void> {
  if (event.type === "progress" && event.task.startsWith("template:")) {
    // Every web process hears the agent itself: a broadcast through Redis would repeat the event.
    io.local.to(TEMPLATES_ROOM).emit("templates:progress", event);
    return;
  }
  const jail = jailOfEvent(event);
  if (!jail) return;
  const sockets = await io.in(jailRoom(jail)).fetchSockets();
  // The tags are a jail listing from the agent: not read for an event nobody follows.
  if (sockets.length === 0) return;
  const target = { kind: "jail" as const, hostId: LOCAL_HOST_ID, jail, tags: await tags.of(jail) };
  for (const socket of sockets) {
    const caller = (socket.data as SocketData).caller;
    if (isAllowed(caller.grants, "jails.view", target)) socket.emit("jail:event", event);
    else socket.leave(jailRoom(jail));
  }
}

function registerFollowEvents(ctx: EventContext, socket: Socket): void {
  const jailSpec = {
    permission: "jails.view" as const,
    target: { jailFrom: (p: unknown) => (p as { name: string }).name },
    payload: follow,
  };
  onEvent(ctx, { name: "jail:follow", ...jailSpec }, ({ name }) => socket.join(jailRoom(name)));
  onEvent(ctx, { name: "jail:unfollow", ...jailSpec }, ({ name }) => socket.leave(jailRoom(name)));
  const templates = { permission: "jails.manage" as const, target: "host" as const, payload: empty };
  onEvent(ctx, { name: "templates:follow", ...templates }, () => socket.join(TEMPLATES_ROOM));
  onEvent(ctx, { name: "templates:unfollow", ...templates }, () => socket.leave(TEMPLATES_ROOM));
}

/** One subscription to the agent per web process; returns a stop function. */
export function registerJailEvents(io: Server, agent: AgentConnection): () => void {
  const tags = new TagCache(agent);
  const subscription = subscribeAgentEvents(agent, { onEvent: (event) => void relay(io, tags, event).catch(() => undefined) });
  io.on("connection", (socket) => {
    const jailTags = (name: string) => tags.of(name);
    registerFollowEvents({ socket, hostId: LOCAL_HOST_ID, jailTags }, socket);
  });
  return () => subscription.close();
}
