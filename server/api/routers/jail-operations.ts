/**
 * Operations on several jails at once, and what the caller may do to each jail (so the
 * pages offer only allowed actions; every procedure still checks on its own).
 */
import { z } from "zod";
import * as agent from "@/server/agent-client/methods";
import { jailNameSchema, tagSchema, type Jail } from "@/server/agent/protocol";
import { AgentError } from "@/server/agent/protocol/errors";
import { PERMISSIONS, type Permission } from "@/server/auth/permissions";
import { writeAudit } from "../audit";
import { anywhereTarget, requireHostPermission, type Context, type Caller } from "../init";
import { allowedOnHost, allowedOnJail, visibleJails } from "../scope";

export const BULK_ACTIONS = ["start", "stop", "restart"] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];
const BULK_CONCURRENCY = 4;

export const bulkInputSchema = z
  .object({
    action: z.enum(BULK_ACTIONS),
    /** The jails picked in the list; with `tag`, every jail carrying it is added. */
    names: z.array(jailNameSchema).max(256).default([]),
    tag: tagSchema.optional(),
  })
  .refine((input) => input.names.length > 0 || input.tag !== undefined, "Pick at least one jail or a tag.");

export interface BulkResult {
  jail: string;
  result: "ok" | "failed" | "denied";
  message: string | null;
  state: Jail["state"] | null;
}

const run: Record<BulkAction, (c: Context["agent"], name: string) => Promise<Jail>> = {
  start: (c, name) => agent.startJail(c, name),
  stop: (c, name) => agent.stopJail(c, name),
  restart: (c, name) => agent.restartJail(c, name),
};

/** Jails named or tagged, in list order; names that do not exist are reported, not dropped. */
function targetsOf(jails: Jail[], names: string[], tag: string | undefined): { found: Jail[]; missing: string[] } {
  const wanted = new Set(names);
  const found = jails.filter((jail) => wanted.has(jail.name) || (tag !== undefined && jail.tags.includes(tag)));
  const known = new Set(jails.map((jail) => jail.name));
  return { found, missing: names.filter((name) => !known.has(name)) };
}

async function runOne(ctx: Context & { caller: Caller }, action: BulkAction, jail: Jail): Promise<BulkResult> {
  const audit = (result: "ok" | "error" | "denied", message?: string) =>
    writeAudit(ctx.db, {
      actorId: ctx.caller.id,
      actorName: ctx.caller.username,
      action: `jails.${action}`,
      hostId: ctx.hostId,
      targetType: "jail",
      target: jail.name,
      result,
      message: message ?? "part of a bulk action",
      details: { name: jail.name, bulk: true },
    });
  if (!allowedOnJail(ctx, "jails.power", jail)) {
    await audit("denied", "Missing permission jails.power");
    return { jail: jail.name, result: "denied", message: "You may not start or stop this jail.", state: jail.state };
  }
  try {
    const after = await run[action](ctx.agent, jail.name);
    await audit("ok");
    return { jail: jail.name, result: "ok", message: null, state: after.state };
  } catch (error) {
    const message = error instanceof AgentError ? error.message : String(error);
    await audit("error", message);
    return { jail: jail.name, result: "failed", message, state: null };
  }
}

export const jailOperations = {
  /** Per jail in the caller's view, the permissions they hold on it; and theirs on the host. */
  allowed: requireHostPermission("jails.view", anywhereTarget).query(async ({ ctx }) => {
    const jails = visibleJails(ctx, await agent.fetchJails(ctx.agent));
    const on = (jail: Jail) => PERMISSIONS.filter((permission: Permission) => allowedOnJail(ctx, permission, jail));
    return {
      host: PERMISSIONS.filter((permission) => allowedOnHost(ctx, permission)),
      jails: Object.fromEntries(jails.map((jail) => [jail.name, on(jail)])) as Record<string, Permission[]>,
    };
  }),

  /** Start, stop or restart many jails: each checked and audited on its own, none stopping the rest. */
  bulk: requireHostPermission("jails.power", anywhereTarget)
    .input(bulkInputSchema)
    .mutation(async ({ ctx, input }) => {
      const { found, missing } = targetsOf(visibleJails(ctx, await agent.fetchJails(ctx.agent)), input.names, input.tag);
      const results: BulkResult[] = [];
      // A few at a time: the agent queues each jail's changes, the host should not start 256 at once.
      for (let i = 0; i < found.length; i += BULK_CONCURRENCY) {
        results.push(...(await Promise.all(found.slice(i, i + BULK_CONCURRENCY).map((jail) => runOne(ctx, input.action, jail)))));
      }
      for (const name of missing) results.push({ jail: name, result: "failed", message: `No jail named ${name}.`, state: null });
      return results;
    }),
};
