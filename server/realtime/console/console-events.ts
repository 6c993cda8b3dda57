import type { Server } from "socket.io";
import type { AgentConnection } from "@/server/agent-client/connection";
import { onEvent, type EventContext } from "../events";
import { socketPlaces } from "../socket-places";
import { ConsoleRelay, type ConsoleRelayOptions } from "./relay";
import { ackPayload, attachPayload, inputPayload, jailPayload, openPayload, resizePayload, sessionPayload } from "./payloads";

const inJail = { jailFrom: (payload: unknown) => (payload as { jail: string }).jail };

/**
 * Console events, each with its declared permission in the jail's scope, checked on every
 * event: typing and resizing need console.interactive, watching console.watch, ending anyone's
 * session jails.manage (admins).
 */
export function registerConsoleEvents(io: Server, agent: AgentConnection, options: ConsoleRelayOptions): ConsoleRelay {
  const relay = new ConsoleRelay(io, agent, options);
  const { local } = socketPlaces(agent);
  io.on("connection", (socket) => {
    const ctx: EventContext = { socket, ...local };
    const interactive = { permission: "console.interactive", target: inJail } as const;
    const watch = { permission: "console.watch", target: inJail } as const;
    onEvent(ctx, { name: "console:open", ...interactive, payload: openPayload }, (p) => relay.open(ctx, p));
    onEvent(ctx, { name: "console:attach", ...interactive, payload: attachPayload }, (p) => relay.attach(ctx, p, "interactive"));
    onEvent(ctx, { name: "console:watch", ...watch, payload: attachPayload }, (p) => relay.attach(ctx, p, "watch"));
    onEvent(ctx, { name: "console:input", ...interactive, payload: inputPayload }, (p) => relay.input(socket, p));
    onEvent(ctx, { name: "console:resize", ...interactive, payload: resizePayload }, (p) => relay.resize(socket, p));
    onEvent(ctx, { name: "console:ack", ...watch, payload: ackPayload }, (p) => relay.ack(socket, p));
    onEvent(ctx, { name: "console:detach", ...watch, payload: sessionPayload }, (p) => relay.detach(socket, p.id));
    onEvent(ctx, { name: "console:list", ...watch, payload: jailPayload }, (p) => relay.list(p.jail));
    onEvent(ctx, { name: "console:end", permission: "jails.manage", target: inJail, payload: sessionPayload }, (p) => relay.end(ctx, p));
    socket.on("disconnect", () => relay.dropSocket(socket));
  });
  return relay;
}
