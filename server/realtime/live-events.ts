import { LOCAL_HOST_ID } from "@/server/hosts";
import type { Server } from "socket.io";
import { z } from "zod";
import type { AgentConnection } from "@/server/agent-client/connection";
import { fetchJails } from "@/server/agent-client/methods";
import { onEvent, type EventContext } from "./events";
import { LiveProcessFeed } from "./live-processes";

const empty = z.object({}).strict();

/** Live-data events; each declares its permission through onEvent. */
export function registerLiveEvents(io: Server, agent: AgentConnection, intervalMs = 1000): LiveProcessFeed {
  const feed = new LiveProcessFeed(io, agent, intervalMs);
  io.on("connection", (socket) => {
    const jailTags = async (name: string) => (await fetchJails(agent)).find((jail) => jail.name === name)?.tags ?? [];
    const ctx: EventContext = { socket, hostId: LOCAL_HOST_ID, jailTags };
    onEvent(ctx, { name: "processes:watch", permission: "jails.view", target: "anywhere", payload: empty }, () => feed.watch(socket));
    onEvent(ctx, { name: "processes:unwatch", permission: "jails.view", target: "anywhere", payload: empty }, () => feed.unwatch(socket));
    socket.on("disconnect", () => feed.unwatch(socket));
  });
  return feed;
}
