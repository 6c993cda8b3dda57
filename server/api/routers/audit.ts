import { z } from "zod";
import * as agent from "@/server/agent-client/methods";
import { anywhereScope, requirePermission, router } from "../init";
import { allowedOnHost, allowedOnJail } from "../scope";

export const auditRouter = router({
  /** Admins see everything; others see their own actions and events on jails they may audit. */
  list: requirePermission("audit.view", anywhereScope)
    .input(z.object({ limit: z.number().int().min(1).max(500).default(100), before: z.date().optional() }).default({ limit: 100 }))
    .query(async ({ ctx, input }) => {
      const scoped = allowedOnHost(ctx, "audit.view")
        ? {}
        : { OR: [{ actorId: ctx.viewer.id }, { targetType: "jail", target: { in: await auditableJails(ctx) } }] };
      return ctx.db.auditEvent.findMany({
        // The scope is part of the query, so a page is full even when most events are out of scope.
        where: { ...scoped, ...(input.before ? { at: { lt: input.before } } : {}) },
        orderBy: { at: "desc" },
        take: input.limit,
      });
    }),
});

async function auditableJails(
  ctx: Parameters<typeof allowedOnJail>[0] & { agent: Parameters<typeof agent.fetchJails>[0] },
): Promise<string[]> {
  const jails = await agent.fetchJails(ctx.agent).catch(() => []);
  return jails.filter((jail) => allowedOnJail(ctx, "audit.view", jail)).map((jail) => jail.name);
}
