/**
 * The one place that builds the tRPC context and procedures (create-t3-app style).
 * Every procedure is made with requirePermission, which checks the caller's grants
 * against the target and writes an audit event for every mutation.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import { mayDo, refusal, type Caller, type Target } from "@/server/auth/authorize";
import type { Permission } from "@/server/auth/permissions";
import type { Db } from "@/server/db/types";
import { PASSWORD_CHANGE_REQUIRED_MESSAGE } from "@/server/auth/one-time-password";
import { TWO_FACTOR_REQUIRED_MESSAGE } from "@/server/auth/two-factor-required";
import { jailNameSchema } from "@/server/agent/protocol/names";
import { hostIdSchema } from "@/server/hosts";
import { hostOfInput, withoutHost, type HostPlace, type PlaceOf } from "./host-place";
import { agentErrorToTrpc, isAgentError } from "./agent-errors";
import { writeAudit, type AuditEntry, type AuditResult } from "./audit";
import { DATABASE_UNREACHABLE_MESSAGE, isDatabaseUnreachable } from "@/server/db/unreachable";
import {
  databaseUnavailable,
  DATABASE_LOST_DURING_CHANGE_MESSAGE,
  refuseWhileDatabaseUnreachable,
  unreachableToTrpc,
  writeAuditOrLog,
} from "./database-errors";

export type { Caller, Target };

/** hostId, agent and jailTags are this machine's until a host-aware procedure's `host` input names another. */
export interface Context extends HostPlace {
  db: Db;
  caller: Caller | null;
  /** Resolves the host a host-aware procedure's input names (NOT_FOUND for an unknown one). */
  placeOf: PlaceOf;
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
  /** Acts on the host its `host` input names (default "local"); otherwise a web-wide procedure checked on "local". */
  onHost: boolean;
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

export type TargetOf = (rawInput: unknown) => Target;

export const hostTarget: TargetOf = () => ({ kind: "host" });
export const anywhereTarget: TargetOf = () => ({ kind: "anywhere" });
/** Lists across the fleet (the audit log): some grant on any host gives the permission; the rows are filtered per host. */
export const anyHostTarget: TargetOf = () => ({ kind: "any-host" });

function auditTarget(target: Target, ctx: Context) {
  return target.kind === "jail"
    ? { targetType: "jail" as const, target: target.jail }
    : { targetType: "host" as const, target: ctx.hostId };
}

/**
 * "signed-in" is for what every user may do to their own account and session; "own-password"
 * is the one thing a session opened with a one-time password may do.
 */
export type ProcedurePermission = Permission | "signed-in" | "own-password";

/** What an audit event names as its target when it is not the procedure's (a user made on the host, a host revoked). */
export type AuditTargetOf = (rawInput: unknown) => { targetType: "user" | "session" | "host"; target: string } | null;

export function requirePermission(permission: ProcedurePermission, targetOf: TargetOf = hostTarget, auditTargetOf?: AuditTargetOf) {
  return permissionProcedure(permission, targetOf, auditTargetOf, false);
}

/** The optional `host` every host-aware procedure takes (its own input schema never sees it). */
const hostSelector = z.object({ host: hostIdSchema.optional() }).optional();

/**
 * For procedures that act on one host's agent: the permission is checked on, the agent call made
 * to, and the audit event names the host the input's `host` names ("local" without one).
 */
export function requireHostPermission(permission: Permission, targetOf: TargetOf = hostTarget) {
  return permissionProcedure(permission, targetOf, undefined, false, true).input(hostSelector);
}

/**
 * For mutations that change only the database, through ctx.db: the change and its audit event
 * are one transaction, so neither is written without the other. (Changes on the host or through
 * better-auth cannot be rolled back; they are refused up front while the database is unreachable.)
 */
export function requireAtomicPermission(permission: ProcedurePermission, targetOf: TargetOf = hostTarget, auditTargetOf?: AuditTargetOf) {
  return permissionProcedure(permission, targetOf, auditTargetOf, true);
}

/** The caller, unless they are not signed in or must first change their password or enrol a second factor. */
function admittedCaller(ctx: Context, permission: ProcedurePermission): Caller {
  const caller = ctx.caller;
  if (!caller) throw new TRPCError({ code: "UNAUTHORIZED", message: ctx.authFailure ?? "Sign in first." });
  if (caller.mustChangePassword && permission !== "own-password") {
    throw new TRPCError({ code: "FORBIDDEN", message: PASSWORD_CHANGE_REQUIRED_MESSAGE });
  }
  if (caller.mustEnrolTwoFactor && permission !== "signed-in" && permission !== "own-password") {
    throw new TRPCError({ code: "FORBIDDEN", message: TWO_FACTOR_REQUIRED_MESSAGE });
  }
  return caller;
}

function permissionProcedure(
  permission: ProcedurePermission,
  targetOf: TargetOf,
  auditTargetOf: AuditTargetOf | undefined,
  atomic: boolean,
  onHost = false,
) {
  // Filtered lists, on one host or across hosts, are "anywhere" to the authorization matrix.
  const targetKind = targetOf === hostTarget ? "host" : targetOf === anywhereTarget || targetOf === anyHostTarget ? "anywhere" : "jail";
  return t.procedure.meta({ permission, scope: targetKind, onHost }).use(async ({ ctx: requestCtx, type, path, next, getRawInput }) => {
    const caller = admittedCaller(requestCtx, permission);
    if (type === "mutation") await refuseWhileDatabaseUnreachable(requestCtx.db);
    const sentInput = await getRawInput();
    const ctx = onHost ? { ...requestCtx, ...(await placeOfInput(requestCtx, sentInput)) } : requestCtx;
    const rawInput = onHost ? withoutHost(sentInput) : sentInput;
    const target = targetOf(rawInput);
    const notes: Record<string, unknown> = {};
    const details = () =>
      Object.keys(notes).length === 0
        ? rawInput
        : { ...(rawInput && typeof rawInput === "object" ? rawInput : { input: rawInput }), ...notes };
    const entry = (result: AuditResult, message?: string): AuditEntry => ({
      actorId: caller.id,
      actorName: caller.username,
      action: path,
      hostId: ctx.hostId,
      ...(auditTargetOf?.(rawInput) ?? auditTarget(target, ctx)),
      result,
      message,
      details: details(),
    });
    const audit = async (result: AuditResult, message?: string) => {
      if (type === "mutation") await writeAuditOrLog(ctx.db, entry(result, message));
    };
    if (permission !== "signed-in" && permission !== "own-password" && !(await mayDo(caller, permission, target, ctx))) {
      await audit("denied", `Missing permission ${permission}`);
      throw new TRPCError({ code: "FORBIDDEN", message: refusal(permission) });
    }
    const auditNotes: AuditNotes = { note: (key, value) => (notes[key] = value) };
    // The procedure's own input schema parses the input without `host` (next() takes both at runtime; its types offer one or the other).
    const strippedInput = { getRawInput: () => Promise.resolve(rawInput) } as object;
    const run = (db: Db) => next({ ctx: { ...ctx, db, caller, auditNotes }, ...strippedInput });
    const atomicChange = atomic && type === "mutation";
    const result = atomicChange ? await inTransaction(ctx.db, run, (db) => writeAudit(db, entry("ok"))) : await run(ctx.db);
    // Rolled back, so nothing changed; and no audit event can be written without the database.
    if (atomicChange && !result.ok && isDatabaseUnreachable(result.error.cause)) throw databaseUnavailable(undefined, result.error.cause);
    // An atomic change's "ok" event was written inside its transaction.
    if (!result.ok || !atomicChange) await audit(result.ok ? "ok" : "error", result.ok ? undefined : result.error.message);
    if (!result.ok) throwKnownFailure(result.error.cause, type);
    return result;
  });
}

/** The place the input's `host` names; the request's own (this machine) when it names none or "local". */
async function placeOfInput(ctx: Context, rawInput: unknown): Promise<HostPlace> {
  const hostId = hostOfInput(rawInput);
  if (hostId === ctx.hostId) return { hostId: ctx.hostId, agent: ctx.agent, jailTags: ctx.jailTags };
  return ctx.placeOf(hostId);
}

/** A failed run rolls back what it wrote; it leaves the transaction as this, to be returned rather than thrown. */
class RolledBack<R> {
  constructor(readonly result: R) {}
}

/** Runs the procedure and writes its audit event in one transaction; the procedure sees the transaction as ctx.db. */
async function inTransaction<R extends { ok: boolean }>(
  db: Db,
  run: (db: Db) => Promise<R>,
  auditOk: (db: Db) => Promise<void>,
): Promise<R> {
  try {
    return await db.$transaction(async (tx) => {
      // The procedures use ctx.db's models only; a transaction client has all of those (not $transaction itself).
      const txDb = tx as unknown as Db;
      const result = await run(txDb);
      if (!result.ok) throw new RolledBack(result);
      await auditOk(txDb);
      return result;
    });
  } catch (error) {
    if (error instanceof RolledBack) return error.result as R;
    // Rolled back: neither the change nor its audit event was written.
    throw unreachableToTrpc(error);
  }
}

/** Agent refusals and a database gone away say what happened; other failures pass on as tRPC made them. */
function throwKnownFailure(cause: unknown, type: string): void {
  if (isAgentError(cause)) throw agentErrorToTrpc(cause);
  // A query changed nothing; a mutation that got past the reachability check may have reached the agent.
  const message = type === "mutation" ? DATABASE_LOST_DURING_CHANGE_MESSAGE : DATABASE_UNREACHABLE_MESSAGE;
  if (isDatabaseUnreachable(cause)) throw databaseUnavailable(message, cause);
}

/** Target of a procedure whose input names one jail as `name`. */
export const jailTarget: TargetOf = (rawInput) => {
  const name = (rawInput as { name?: unknown } | undefined)?.name;
  const parsed = jailNameSchema.safeParse(name);
  if (!parsed.success) throw new TRPCError({ code: "BAD_REQUEST", message: parsed.error.issues[0]?.message ?? "Invalid jail name" });
  return { kind: "jail", jail: parsed.data };
};
