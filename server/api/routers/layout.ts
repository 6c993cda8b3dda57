import { applyLayout, removeLayout } from "@/server/layout/apply";
import { CLASSIC_LAYOUT } from "@/server/layout/classic";
import { applyLayoutInputSchema } from "@/server/layout/schema";
import { requirePermission, router } from "../init";

/** The example layout of a classic jailing server (server/layout), behind the overview's button. */
export const layoutRouter = router({
  describe: requirePermission("jails.manage").query(() =>
    CLASSIC_LAYOUT.map((j) => ({
      role: j.role,
      template: j.template,
      description: j.description,
      packages: j.packages,
      service: j.service,
    })),
  ),

  create: requirePermission("jails.manage")
    .input(applyLayoutInputSchema)
    .mutation(({ ctx, input }) => applyLayout(ctx.agent, { sshPublicKey: input.sshPublicKey ?? null })),

  remove: requirePermission("jails.manage").mutation(async ({ ctx }) => ({ removed: await removeLayout(ctx.agent) })),
});
