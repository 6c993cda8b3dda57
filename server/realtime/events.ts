/**
 * The one builder for socket.io events: like requirePermission for tRPC, every event
 * declares its permission and payload schema, and the check happens here, not in handlers.
 */
import type { Socket } from "socket.io";
import { z } from "zod";
import { jailNameSchema } from "@/server/agent/protocol/names";
import { mayDo, refusal, type Caller, type Target } from "@/server/auth/authorize";
import type { Permission } from "@/server/auth/permissions";
import { agentErrorToTrpc, isAgentError } from "@/server/api/agent-errors";

/** What an event acts on: the host, anywhere (filtered later), or the jail its payload names. */
export type EventTargetSpec = "host" | "anywhere" | { jailFrom: (payload: unknown) => string };

export interface EventSpec<Payload extends z.ZodType> {
  name: string;
  permission: Permission;
  target: EventTargetSpec;
  payload: Payload;
}

export type Ack = (reply: { ok: true; data?: unknown } | { ok: false; code: string; message: string }) => void;

export interface EventContext {
  /** socket.data.caller is the caller, re-read on every event: its grants are refreshed while connected. */
  socket: Socket;
  hostId: string;
  /** Tags of a jail, for tag-scoped grants. */
  jailTags: (jail: string) => Promise<string[]>;
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

export function permitted(ctx: EventContext, permission: Permission, target: EventTargetSpec, payload: unknown): Promise<boolean> {
  return mayDo((ctx.socket.data as { caller: Caller }).caller, permission, targetOf(target, payload), ctx);
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
  handler: (payload: z.infer<Payload>) => unknown,
): void {
  const listener = async (raw: unknown, maybeAck?: unknown) => {
    const ack: Ack = typeof maybeAck === "function" ? (maybeAck as Ack) : () => undefined;
    const parsed = spec.payload.safeParse(raw ?? {});
    if (!parsed.success) return ack({ ok: false, code: "BAD_REQUEST", message: parsed.error.issues[0]?.message ?? "Invalid payload" });
    try {
      if (!(await permitted(ctx, spec.permission, spec.target, parsed.data))) {
        return ack({ ok: false, code: "FORBIDDEN", message: refusal(spec.permission) });
      }
      ack({ ok: true, data: await handler(parsed.data) });
    } catch (error) {
      const code = error instanceof EventError ? error.code : isAgentError(error) ? agentErrorToTrpc(error).code : "INTERNAL_SERVER_ERROR";
      ack({ ok: false, code, message: (error as Error).message });
    }
  };
  declarations.set(listener, spec);
  ctx.socket.on(spec.name, listener);
}
