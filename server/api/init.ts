/**
 * The one place that builds the tRPC context and procedures (create-t3-app style).
 * Every procedure is made with requirePermission, which checks the caller's grants
 * against the target and writes an audit event for every mutation.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { hasAnywhere, isAllowed, type GrantLike, type Permission, type Target } from "@/server/auth/permissions";
import type { Db } from "@/server/db/types";
import { PASSWORD_CHANGE_REQUIRED_MESSAGE } from "@/server/auth/one-time-password";
import { jailNameSchema } from "@/server/agent/protocol/names";
import type { AgentConnection } from "@/server/agent-client/connection";
import { agentErrorToTrpc, isAgentError } from "./agent-errors";
import { writeAudit } from "./audit";

export interface Viewer {
  id: string;
  username: string;
  name: string;
  grants: GrantLike[];
  /** Signed in with a one-time password: nothing but choosing a new password is allowed. */
  mustChangePassword?: boolean;
}

export interface Context {
  db: Db;
  viewer: Viewer | null;
  hostId: string;
  agent: AgentConnection;
  /** Tags of a jail, for tag-scoped grants; [] when the jail or the agent is not there. */
  jailTags: (jail: string) => Promise<string[]>;
  /** Why there is no caller when credentials were sent but refused (e.g. a revoked API token). */
  authFailure?: string;
}

/** What a mutation adds to its audit event beyond its input (e.g. the plan it applied). */
export interface AuditNotes {
  note(key: string, value: unknown): void;
}

/** Every procedure records the permission it declared, so a test can prove none is missing. */
export interface ProcedureMeta {
  permission: ProcedurePermission;
  /** What the permission is checked on: the host, the jail named in the input, or anywhere (filtered lists). */
  scope: "host" | "jail" | "anywhere";
}

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const zodError = error.cause instanceof ZodError ? error.cause.issues : null;
      // The input field an agent refusal concerns ("ipv4", "name"…), so forms can show it beside that field.
      const field = isAgentError(error.cause) ? error.cause.details?.["field"] : undefined;
      return { ...shape, data: { ...shape.data, zodIssues: zodError, agentField: typeof field === "string" ? field : null } };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * What a procedure acts on: the host, one jail (named in its input), or "anywhere" for
 * lists that are filtered to the caller's scope afterwards.
 */
export type Scope = { kind: "host" } | { kind: "jail"; jail: string } | { kind: "anywhere" };
export type ScopeOf = (rawInput: unknown) => Scope;

export const hostScope: ScopeOf = () => ({ kind: "host" });
export const anywhereScope: ScopeOf = () => ({ kind: "anywhere" });

async function permits(ctx: Context, grants: GrantLike[], permission: Permission, scope: Scope): Promise<boolean> {
  if (scope.kind === "anywhere") return hasAnywhere(grants, permission, ctx.hostId);
  const target: Target =
    scope.kind === "host"
      ? { kind: "host", hostId: ctx.hostId }
      : { kind: "jail", hostId: ctx.hostId, jail: scope.jail, tags: await ctx.jailTags(scope.jail) };
  return isAllowed(grants, permission, target);
}

function auditTarget(scope: Scope, ctx: Context) {
  return scope.kind === "jail" ? { targetType: "jail" as const, target: scope.jail } : { targetType: "host" as const, target: ctx.hostId };
}

/**
 * "signed-in" is for what every user may do to their own account and session; "own-password"
 * is the one thing a session opened with a one-time password may do.
 */
export type ProcedurePermission = Permission | "signed-in" | "own-password";

/** What an audit event names as its target when it is not the scope (a user made on the host). */
export type AuditTargetOf = (rawInput: unknown) => { targetType: "user" | "session"; target: string } | null;

export function requirePermission(permission: ProcedurePermission, scopeOf: ScopeOf = hostScope, auditTargetOf?: AuditTargetOf) {
  const scopeKind = scopeOf === hostScope ? "host" : scopeOf === anywhereScope ? "anywhere" : "jail";
  return t.procedure.meta({ permission, scope: scopeKind }).use(async ({ ctx, type, path, next, getRawInput }) => {
    const viewer = ctx.viewer;
    if (!viewer) throw new TRPCError({ code: "UNAUTHORIZED", message: ctx.authFailure ?? "Sign in first." });
    if (viewer.mustChangePassword && permission !== "own-password") {
      throw new TRPCError({ code: "FORBIDDEN", message: PASSWORD_CHANGE_REQUIRED_MESSAGE });
    }
    const rawInput = await getRawInput();
    const scope = scopeOf(rawInput);
    const notes: Record<string, unknown> = {};
    const details = () =>
      Object.keys(notes).length === 0
        ? rawInput
        : { ...(rawInput && typeof rawInput === "object" ? rawInput : { input: rawInput }), ...notes };
    const audit = async (result: "ok" | "error" | "denied", message?: string) => {
      if (type !== "mutation") return;
      await writeAudit(ctx.db, {
        actorId: viewer.id,
        actorName: viewer.username,
        action: path,
        hostId: ctx.hostId,
        ...(auditTargetOf?.(rawInput) ?? auditTarget(scope, ctx)),
        result,
        message,
        details: details(),
      });
    };
    if (permission !== "signed-in" && permission !== "own-password" && !(await permits(ctx, viewer.grants, permission, scope))) {
      await audit("denied", `Missing permission ${permission}`);
      throw new TRPCError({ code: "FORBIDDEN", message: `You do not have permission to do this (${permission}).` });
    }
    const auditNotes: AuditNotes = { note: (key, value) => (notes[key] = value) };
    const result = await next({ ctx: { ...ctx, viewer, auditNotes } });
    await audit(result.ok ? "ok" : "error", result.ok ? undefined : result.error.message);
    if (!result.ok && isAgentError(result.error.cause)) throw agentErrorToTrpc(result.error.cause);
    return result;
  });
}

/** Scope of a procedure whose input names one jail as `name`. */
export const jailScope: ScopeOf = (rawInput) => {
  const name = (rawInput as { name?: unknown } | undefined)?.name;
  const parsed = jailNameSchema.safeParse(name);
  if (!parsed.success) throw new TRPCError({ code: "BAD_REQUEST", message: parsed.error.issues[0]?.message ?? "Invalid jail name" });
  return { kind: "jail", jail: parsed.data };
};
