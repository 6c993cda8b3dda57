import { z } from "zod";
import { isAllowed } from "@/server/auth/permissions";
import { requirePermission, router } from "../init";

export const auditRouter = router({
  /** Admins see everything; others see their own actions and events on jails they may audit. */
  list: requirePermission("audit.view")
    .input(z.object({ limit: z.number().int().min(1).max(500).default(100), before: z.date().optional() }).default({ limit: 100 }))
    .query(async ({ ctx, input }) => {
      const events = await ctx.db.auditEvent.findMany({
        where: input.before ? { at: { lt: input.before } } : {},
        orderBy: { at: "desc" },
        take: input.limit,
      });
      const hostTarget = { kind: "host" as const, hostId: ctx.hostId };
      if (isAllowed(ctx.viewer.grants, "audit.view", hostTarget)) return events;
      const visible = await Promise.all(
        events.map(async (event) => {
          if (event.actorId === ctx.viewer.id) return true;
          if (event.targetType !== "jail") return false;
          const target = { kind: "jail" as const, hostId: ctx.hostId, jail: event.target, tags: await ctx.jailTags(event.target) };
          return isAllowed(ctx.viewer.grants, "audit.view", target);
        }),
      );
      return events.filter((_, index) => visible[index]);
    }),
});
