import { z } from "zod";
import * as agent from "@/server/agent-client/methods";
import { jailNameSchema } from "@/server/agent/protocol";
import { anywhereTarget, jailTarget, requireHostPermission, router } from "../init";
import { visibleJails } from "../scope";
import { jailOperations } from "./jail-operations";
import { jailPackagesRouter } from "./packages";
import { jailPlans } from "./jail-plans";

const jailRef = z.object({ name: jailNameSchema });
const powerInput = jailRef.extend({ timeoutSeconds: z.number().int().min(1).max(600).optional() });

export const jailsRouter = router({
  packages: jailPackagesRouter,

  list: requireHostPermission("jails.view", anywhereTarget).query(async ({ ctx }) => visibleJails(ctx, await agent.fetchJails(ctx.agent))),

  get: requireHostPermission("jails.view", jailTarget)
    .input(jailRef)
    .query(({ ctx, input }) => agent.fetchJail(ctx.agent, input.name)),

  templates: requireHostPermission("jails.manage").query(({ ctx }) => agent.fetchTemplates(ctx.agent)),

  start: requireHostPermission("jails.power", jailTarget)
    .input(jailRef)
    .mutation(({ ctx, input }) => agent.startJail(ctx.agent, input.name)),

  stop: requireHostPermission("jails.power", jailTarget)
    .input(powerInput)
    .mutation(({ ctx, input }) => agent.stopJail(ctx.agent, input.name, input.timeoutSeconds)),

  restart: requireHostPermission("jails.power", jailTarget)
    .input(powerInput)
    .mutation(({ ctx, input }) => agent.restartJail(ctx.agent, input.name, input.timeoutSeconds)),

  // Create, change and destroy are only jails.plan then jails.applyPlan: the audit event of each shows its plan.
  ...jailOperations,
  ...jailPlans,
});
