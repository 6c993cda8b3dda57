import { z } from "zod";
import * as agent from "@/server/agent-client/methods";
import { changeJailInputSchema, createJailInputSchema, jailNameSchema } from "@/server/agent/protocol";
import { anywhereTarget, jailTarget, requirePermission, router } from "../init";
import { visibleJails } from "../scope";
import { jailOperations } from "./jail-operations";
import { jailPackagesRouter } from "./packages";
import { confirmDestroy, jailPlans } from "./jail-plans";

const jailRef = z.object({ name: jailNameSchema });
const powerInput = jailRef.extend({ timeoutSeconds: z.number().int().min(1).max(600).optional() });

export const jailsRouter = router({
  packages: jailPackagesRouter,

  list: requirePermission("jails.view", anywhereTarget).query(async ({ ctx }) => visibleJails(ctx, await agent.fetchJails(ctx.agent))),

  get: requirePermission("jails.view", jailTarget)
    .input(jailRef)
    .query(({ ctx, input }) => agent.fetchJail(ctx.agent, input.name)),

  templates: requirePermission("jails.manage").query(({ ctx }) => agent.fetchTemplates(ctx.agent)),

  create: requirePermission("jails.manage")
    .input(createJailInputSchema)
    .mutation(({ ctx, input }) => agent.createJail(ctx.agent, input)),

  start: requirePermission("jails.power", jailTarget)
    .input(jailRef)
    .mutation(({ ctx, input }) => agent.startJail(ctx.agent, input.name)),

  stop: requirePermission("jails.power", jailTarget)
    .input(powerInput)
    .mutation(({ ctx, input }) => agent.stopJail(ctx.agent, input.name, input.timeoutSeconds)),

  restart: requirePermission("jails.power", jailTarget)
    .input(powerInput)
    .mutation(({ ctx, input }) => agent.restartJail(ctx.agent, input.name, input.timeoutSeconds)),

  change: requirePermission("jails.manage", jailTarget)
    .input(changeJailInputSchema)
    .mutation(({ ctx, input }) => agent.changeJail(ctx.agent, input)),

  /** The caller types the jail's name again: destruction cannot be undone. */
  destroy: requirePermission("jails.manage", jailTarget)
    .input(jailRef.extend({ confirmName: z.string() }))
    .mutation(({ ctx, input }) => {
      confirmDestroy(input.name, input.confirmName);
      return agent.destroyJail(ctx.agent, input.name);
    }),

  ...jailOperations,
  ...jailPlans,
});
