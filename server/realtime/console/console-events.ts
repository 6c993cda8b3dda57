import type { Server } from "socket.io";
import type { AgentConnection } from "@/server/agent-client/connection";
import type { PlaceOf } from "@/server/api/host-place";
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
export function registerConsoleEvents(io: Server, agent: AgentConnection, options: ConsoleRelayOptions, remote?: PlaceOf): ConsoleRelay {
  const relay = new ConsoleRelay(io, options);
  const { local, placeOf } = socketPlaces(agent, remote);
  io.on("connection", (socket) => {
    const ctx: EventContext = { socket, ...local, placeOf };
    // Every console event names its host (default this machine): a session is on one host's agent.
    const interactive = { permission: "console.interactive", target: inJail, onHost: true } as const;
    const watch = { permission: "console.watch", target: inJail, onHost: true } as const;
    const manage = { permission: "jails.manage", target: inJail, onHost: true } as const;
    onEvent(ctx, { name: "console:open", ...interactive, payload: openPayload }, (p, at) => relay.open(ctx, at, p));
    onEvent(ctx, { name: "console:attach", ...interactive, payload: attachPayload }, (p, at) => relay.attach(ctx, at, p, "interactive"));
    onEvent(ctx, { name: "console:watch", ...watch, payload: attachPayload }, (p, at) => relay.attach(ctx, at, p, "watch"));
    onEvent(ctx, { name: "console:input", ...interactive, payload: inputPayload }, (p, at) => relay.input(socket, at.hostId, p));
    onEvent(ctx, { name: "console:resize", ...interactive, payload: resizePayload }, (p, at) => relay.resize(socket, at.hostId, p));
    onEvent(ctx, { name: "console:ack", ...watch, payload: ackPayload }, (p, at) => relay.ack(socket, at.hostId, p));
    onEvent(ctx, { name: "console:detach", ...watch, payload: sessionPayload }, (p) => relay.detach(socket, p.id));
    onEvent(ctx, { name: "console:list", ...watch, payload: jailPayload }, (p, at) => relay.list(at, p.jail));
    onEvent(ctx, { name: "console:end", ...manage, payload: sessionPayload }, (p, at) => relay.end(ctx, at, p));
    socket.on("disconnect", () => relay.dropSocket(socket));
  });
  return relay;
}
