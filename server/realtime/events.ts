/**
 * The one builder for socket.io events: like requirePermission for tRPC, every event
 * declares its permission and payload schema, and the check happens here, not in handlers.
 */
import type { Socket } from "socket.io";
import { z } from "zod";
import { jailNameSchema } from "@/server/agent/protocol/names";
import { hasAnywhere, isAllowed, type Permission } from "@/server/auth/permissions";
import { LOCAL_HOST_ID } from "@/server/auth/users";
import { agentErrorToTrpc, isAgentError } from "@/server/api/agent-errors";
import type { Viewer } from "@/server/api/init";

export type EventScope = "host" | "anywhere" | { jailFrom: (payload: unknown) => string };

export interface EventSpec<Payload extends z.ZodType> {
  name: string;
  permission: Permission;
  scope: EventScope;
  payload: Payload;
}

export type Ack = (reply: { ok: true; data?: unknown } | { ok: false; code: string; message: string }) => void;

export interface EventContext {
  /** socket.data.viewer is the caller, re-read on every event: its grants are refreshed while connected. */
  socket: Socket;
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

export async function permitted(ctx: EventContext, permission: Permission, scope: EventScope, payload: unknown) {
  const grants = (ctx.socket.data as { viewer: Viewer }).viewer.grants;
  if (scope === "anywhere") return hasAnywhere(grants, permission, LOCAL_HOST_ID);
  if (scope === "host") return isAllowed(grants, permission, { kind: "host", hostId: LOCAL_HOST_ID });
  const jail = jailNameSchema.parse(scope.jailFrom(payload));
  return isAllowed(grants, permission, { kind: "jail", hostId: LOCAL_HOST_ID, jail, tags: await ctx.jailTags(jail) });
}

export function onEvent<Payload extends z.ZodType>(
  ctx: EventContext,
  spec: EventSpec<Payload>,
  handler: (payload: z.infer<Payload>) => unknown,
): void {
  ctx.socket.on(spec.name, async (raw: unknown, maybeAck?: unknown) => {
    const ack: Ack = typeof maybeAck === "function" ? (maybeAck as Ack) : () => undefined;
    const parsed = spec.payload.safeParse(raw ?? {});
    if (!parsed.success) return ack({ ok: false, code: "BAD_REQUEST", message: parsed.error.issues[0]?.message ?? "Invalid payload" });
    try {
      if (!(await permitted(ctx, spec.permission, spec.scope, parsed.data))) {
        return ack({ ok: false, code: "FORBIDDEN", message: `You do not have permission to do this (${spec.permission}).` });
      }
      ack({ ok: true, data: await handler(parsed.data) });
    } catch (error) {
      const code = error instanceof EventError ? error.code : isAgentError(error) ? agentErrorToTrpc(error).code : "INTERNAL_SERVER_ERROR";
      ack({ ok: false, code, message: (error as Error).message });
    }
  });
}
