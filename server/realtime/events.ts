/**
 * The one builder for socket.io events: like requirePermission for tRPC, every event
 * declares its permission and payload schema, and the check happens here, not in handlers.
 */
import { TRPCError } from "@trpc/server";
import type { Socket } from "socket.io";
import { z } from "zod";
import { jailNameSchema } from "@/server/agent/protocol/names";
import { mayDo, refusal, type Caller, type DecisionPlace, type Target } from "@/server/auth/authorize";
import type { Permission } from "@/server/auth/permissions";
import { agentErrorToTrpc, isAgentError } from "@/server/api/agent-errors";
import { hostOfInput, withoutHost, type HostPlace, type PlaceOf } from "@/server/api/host-place";

/** What an event acts on: the host, anywhere (filtered later), or the jail its payload names. */
export type EventTargetSpec = "host" | "anywhere" | { jailFrom: (payload: unknown) => string };

export interface EventSpec<Payload extends z.ZodType> {
  name: string;
  permission: Permission;
  target: EventTargetSpec;
  payload: Payload;
  /** Acts on the host the payload's `host` names ("local" without one); the payload schema never sees `host`. */
  onHost?: boolean;
}

export type Ack = (reply: { ok: true; data?: unknown } | { ok: false; code: string; message: string }) => void;

/** Its place (hostId, agent, jailTags for tag-scoped grants) is where an event acts unless it is host-aware and names another. */
export interface EventContext extends HostPlace {
  /** socket.data.caller is the caller, re-read on every event: its grants are refreshed while connected. */
  socket: Socket;
  /** Resolves the host a host-aware event names (NOT_FOUND for one that is not recorded). */
  placeOf?: PlaceOf;
}

/** A refusal a handler raises with its own code (BAD_REQUEST, NOT_FOUND, FORBIDDEN…) and a sentence for the user. */
export class EventError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function targetOf(spec: EventTargetSpec, payload: unknown): Target {
  if (spec === "host" || spec === "anywhere") return { kind: spec };
  return { kind: "jail", jail: jailNameSchema.parse(spec.jailFrom(payload)) };
}

export function permitted(
  ctx: Pick<EventContext, "socket">,
  permission: Permission,
  target: EventTargetSpec,
  payload: unknown,
  place: DecisionPlace = ctx as EventContext,
): Promise<boolean> {
  return mayDo((ctx.socket.data as { caller: Caller }).caller, permission, targetOf(target, payload), place);
}

/** The place a host-aware event's `host` names; the context's own when it names none or the same host. */
async function placeOfPayload(ctx: EventContext, raw: unknown): Promise<HostPlace> {
  const hostId = hostOfInput(raw);
  if (hostId === ctx.hostId) return ctx;
  if (!ctx.placeOf) throw new EventError("NOT_FOUND", `There is no host named ${hostId}.`);
  return ctx.placeOf(hostId);
}

/** A refusal's code: the handler's own, the agent's mapped as tRPC maps it, or a TRPCError's (an unknown host). */
function codeOf(error: unknown): string {
  if (error instanceof EventError) return error.code;
  if (isAgentError(error)) return agentErrorToTrpc(error).code;
  return error instanceof TRPCError ? error.code : "INTERNAL_SERVER_ERROR";
}

/**
 * What each listener registered through onEvent declared. The authorization matrix walks a
 * socket's listeners and reads their declarations here: a listener added with plain
 * socket.on has none, and the matrix fails on it.
 */
const declarations = new WeakMap<(...args: never[]) => unknown, EventSpec<z.ZodType>>();

export function declarationOf(listener: (...args: never[]) => unknown): EventSpec<z.ZodType> | undefined {
  return declarations.get(listener);
}

export function onEvent<Payload extends z.ZodType>(
  ctx: EventContext,
  spec: EventSpec<Payload>,
  handler: (payload: z.infer<Payload>, place: HostPlace) => unknown,
): void {
  const listener = async (raw: unknown, maybeAck?: unknown) => {
    const ack: Ack = typeof maybeAck === "function" ? (maybeAck as Ack) : () => undefined;
    try {
      const sent = raw ?? {};
      const parsed = spec.payload.safeParse(spec.onHost ? withoutHost(sent) : sent);
      if (!parsed.success) return ack({ ok: false, code: "BAD_REQUEST", message: parsed.error.issues[0]?.message ?? "Invalid payload" });
      const place = spec.onHost ? await placeOfPayload(ctx, sent) : ctx;
      if (!(await permitted(ctx, spec.permission, spec.target, parsed.data, place))) {
        return ack({ ok: false, code: "FORBIDDEN", message: refusal(spec.permission) });
      }
      ack({ ok: true, data: await handler(parsed.data, place) });
    } catch (error) {
      ack({ ok: false, code: codeOf(error), message: (error as Error).message });
    }
  };
  declarations.set(listener, spec);
  ctx.socket.on(spec.name, listener);
}
