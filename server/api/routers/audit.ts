import { z } from "zod";
import type { Prisma } from "@/prisma/generated/client/client";
import * as agent from "@/server/agent-client/methods";
import { jailNameSchema } from "@/server/agent/protocol/names";
import { auditCsv } from "@/server/audit/csv";
import { anywhereTarget, requirePermission, router, type Context, type Caller } from "../init";
import { allowedOnHost, allowedOnJail } from "../scope";

const EXPORT_LIMIT = 10_000;

const filterSchema = z.object({
  actor: z.string().trim().max(64).optional(),
  jail: jailNameSchema.optional(),
  action: z.string().trim().max(100).optional(),
  result: z.enum(["ok", "error", "denied"]).optional(),
  from: z.date().optional(),
  to: z.date().optional(),
});
type AuditFilter = z.infer<typeof filterSchema>;

async function auditableJails(ctx: Context & { caller: Caller }): Promise<string[]> {
  const jails = await agent.fetchJails(ctx.agent).catch(() => []);
  return jails.filter((jail) => allowedOnJail(ctx, "audit.view", jail)).map((jail) => jail.name);
}

/** The caller's scope and the filters, in one query: a page is full even when most events are out of scope. */
async function whereFor(ctx: Context & { caller: Caller }, filter: AuditFilter): Promise<Prisma.AuditEventWhereInput> {
  const scoped: Prisma.AuditEventWhereInput = allowedOnHost(ctx, "audit.view")
    ? {}
    : { OR: [{ actorId: ctx.caller.id }, { targetType: "jail", target: { in: await auditableJails(ctx) } }] };
  const at =
    filter.from || filter.to ? { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lte: filter.to } : {}) } : undefined;
  return {
    AND: [
      scoped,
      filter.actor ? { actorName: filter.actor } : {},
      filter.jail ? { targetType: "jail", target: filter.jail } : {},
      filter.action ? { action: { startsWith: filter.action } } : {},
      filter.result ? { result: filter.result } : {},
      at ? { at } : {},
    ],
  };
}

export const auditRouter = router({
  /** Admins see everything; others see their own actions and events on jails they may audit. */
  list: requirePermission("audit.view", anywhereTarget)
    .input(
      filterSchema.extend({ limit: z.number().int().min(1).max(500).default(100), before: z.date().optional() }).default({ limit: 100 }),
    )
    .query(async ({ ctx, input }) => {
      const where = await whereFor(ctx, input);
      return ctx.db.auditEvent.findMany({
        where: input.before ? { AND: [where, { at: { lt: input.before } }] } : where,
        orderBy: { at: "desc" },
        take: input.limit,
      });
    }),

  /** The same rows as the filtered list, as CSV (newest first, at most 10,000). */
  exportCsv: requirePermission("audit.view", anywhereTarget)
    .input(filterSchema.default({}))
    .query(async ({ ctx, input }) => {
      const rows = await ctx.db.auditEvent.findMany({ where: await whereFor(ctx, input), orderBy: { at: "desc" }, take: EXPORT_LIMIT });
      return { csv: auditCsv(rows), rows: rows.length, truncated: rows.length === EXPORT_LIMIT };
    }),
});
