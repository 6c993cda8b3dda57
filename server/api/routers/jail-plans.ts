/**
 * Plan, then apply: the agent computes each create, change and destroy (the jail's config
 * before and after, the exact commands in order) and applies exactly the plan it gave.
 */
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import * as agent from "@/server/agent-client/methods";
import { AgentError, jailNameSchema, planIdSchema, planKindSchema, planRequestSchema, type PlanRequest } from "@/server/agent/protocol";
import { hostTarget, jailTarget, requireHostPermission, type TargetOf } from "../init";

/**
 * A create acts on the host; a change or destroy on the jail it names. Making a privileged jail
 * unprivileged rewrites how it is contained: only for a grant on the whole host (an admin's).
 */
const onHost = (kind: unknown) => kind === "create" || kind === "unprivilege";
const planScope: TargetOf = (raw) => {
  const request = raw as Partial<PlanRequest> | undefined;
  if (onHost(request?.kind)) return hostTarget(raw);
  return jailTarget(request?.kind === "change" ? request.input : request);
};

const applyInput = z.object({ name: jailNameSchema, planId: planIdSchema, kind: planKindSchema, confirmName: z.string().optional() });
const applyScope: TargetOf = (raw) => (onHost((raw as { kind?: unknown } | undefined)?.kind) ? hostTarget(raw) : jailTarget(raw));

export const confirmDestroy = (name: string, confirmName: string | undefined) => {
  if (confirmName !== name) {
    throw new TRPCError({ code: "BAD_REQUEST", message: `Type the jail's name (${name}) to confirm destroying it.` });
  }
};

export const jailPlans = {
  /** The agent computes the plan (config diff and exact commands); a mutation, so each plan is audited. */
  plan: requireHostPermission("jails.manage", planScope)
    .input(planRequestSchema)
    .mutation(async ({ ctx, input }) => {
      if (input.kind === "unprivilege") {
        throw new TRPCError({ code: "BAD_REQUEST", message: "Plan a migration with jails.unprivilegePlan." });
      }
      const plan = await agent.planJailChange(ctx.agent, input);
      ctx.auditNotes.note("plan", plan);
      return plan;
    }),

  /**
   * The plan that migrates a privileged Linux jail into a user namespace of its own (stop, id
   * range, files shifted, config rewritten, start again), applied with applyPlan like any other.
   */
  unprivilegePlan: requireHostPermission("jails.manage", hostTarget)
    .input(z.object({ name: jailNameSchema }).strict())
    .mutation(async ({ ctx, input }) => {
      const plan = await agent.planJailChange(ctx.agent, { kind: "unprivilege", name: input.name });
      ctx.auditNotes.note("plan", plan);
      return plan;
    }),

  /**
   * Runs exactly the plan shown; the agent refuses a plan for another jail or kind, or a stale one.
   * Named applyPlan: tRPC reserves "apply" (the client proxy's Function.prototype.apply).
   */
  applyPlan: requireHostPermission("jails.manage", applyScope)
    .input(applyInput)
    .mutation(async ({ ctx, input }) => {
      if (input.kind === "destroy") confirmDestroy(input.name, input.confirmName);
      try {
        const result = await agent.applyJailPlan(ctx.agent, { planId: input.planId, jail: input.name, kind: input.kind });
        ctx.auditNotes.note("plan", result.plan);
        return result;
      } catch (error) {
        if (error instanceof AgentError && error.details?.plan) ctx.auditNotes.note("plan", error.details.plan);
        throw error;
      }
    }),
};
