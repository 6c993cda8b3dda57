import { z } from "zod";
import type { Plan } from "@/server/agent/protocol";
import { buildLayout, placeLayout, removeLayout } from "@/server/layout/apply";
import { CLASSIC_LAYOUT } from "@/server/layout/classic";
import { LayoutRuns } from "@/server/layout/runs";
import { applyLayoutInputSchema } from "@/server/layout/schema";
import { writeAudit } from "../audit";
import { requireHostPermission, router, type Caller, type Context } from "../init";

const runs = new LayoutRuns();

/** Each jail the layout creates is a plan applied: audited on its own, with that plan, as it ends. */
const auditPlan = (ctx: Context & { caller: Caller }, action: string, run: string | null) => async (plan: Plan, error: unknown) =>
  writeAudit(ctx.db, {
    actorId: ctx.caller.id,
    actorName: ctx.caller.username,
    action,
    hostId: ctx.hostId,
    targetType: "jail",
    target: plan.jail,
    result: error ? "error" : "ok",
    message: error instanceof Error ? error.message : `part of ${action}`,
    details: { plan, ...(run ? { layoutRun: run } : {}) },
  });

/** The example layout of a classic jailing server (server/layout), behind the overview's button. */
export const layoutRouter = router({
  describe: requireHostPermission("jails.manage").query(() =>
    CLASSIC_LAYOUT.map((j) => ({
      role: j.role,
      template: j.template,
      description: j.description,
      packages: j.packages,
      service: j.service,
    })),
  ),

  /** Refusals (missing template, names taken, no room in the pool) come back at once; the build then runs on, polled by `progress`. */
  create: requireHostPermission("jails.manage")
    .input(applyLayoutInputSchema)
    .mutation(async ({ ctx, input }) => {
      const options = { sshPublicKey: input.sshPublicKey ?? null, dnsUpstream: input.dnsUpstream ?? null };
      const placed = await placeLayout(ctx.agent, options);
      const run = runs.start(ctx.caller.username, (onStep, id) =>
        buildLayout(ctx.agent, placed, { ...options, onStep, onPlan: auditPlan(ctx, "layout.create", id) }),
      );
      ctx.auditNotes.note("layoutRun", run.id);
      return { id: run.id };
    }),

  /** Each jail's steps so far and, once done, every jail's result. */
  progress: requireHostPermission("jails.manage")
    .input(z.object({ id: z.string().max(64) }))
    .query(({ input }) => runs.get(input.id)),

  remove: requireHostPermission("jails.manage").mutation(async ({ ctx }) => {
    const plans: Plan[] = [];
    const removed = await removeLayout(ctx.agent, { onPlan: (plan) => void plans.push(plan) });
    ctx.auditNotes.note("plans", plans);
    return { removed };
  }),
});
