import { createHash, randomBytes } from "node:crypto";
import type { DriverPlan } from "../drivers/driver";
import { AgentError, type Plan, type PlanKind, type PlanRequest } from "../protocol";

export interface StoredPlan {
  plan: Plan;
  request: PlanRequest;
  computed: DriverPlan;
}

const TTL_MS = 15 * 60_000;
const MAX_PLANS = 500;

/** What must be equal for a plan to still hold: everything shown but the advice, and the driver's revision. */
export function revisionOf(computed: DriverPlan): string {
  const { warnings: _warnings, ...shown } = computed.shown;
  return createHash("sha256")
    .update(JSON.stringify([shown, computed.revision]))
    .digest("hex");
}

const stale = (message: string, planId: string) =>
  new AgentError("stale_plan", `${message}: plan the change again and review the new plan.`, { planId });

/**
 * Plans the agent computed, kept for a quarter of an hour. A plan is applied at most once:
 * taking it removes it, so a second apply of the same plan is refused as stale.
 */
export class PlanStore {
  private readonly plans = new Map<string, StoredPlan & { expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  add(request: PlanRequest, computed: DriverPlan): Plan {
    this.sweep();
    const plan: Plan = { ...computed.shown, id: randomBytes(16).toString("hex"), createdAt: this.now() };
    this.plans.set(plan.id, { plan, request, computed, expiresAt: this.now() + TTL_MS });
    if (this.plans.size > MAX_PLANS) this.plans.delete(this.plans.keys().next().value!);
    return plan;
  }

  /** The plan's jail, to queue the apply behind other work on it. */
  jailOf(id: string): string {
    const entry = this.plans.get(id);
    if (!entry || entry.expiresAt <= this.now()) throw stale("This plan is unknown, expired or already applied", id);
    return entry.plan.jail;
  }

  /** Removes the plan (applied at most once) after checking it is the jail and kind the caller named. */
  take({ planId, jail, kind }: { planId: string; jail?: string; kind?: PlanKind }): StoredPlan {
    const entry = this.plans.get(planId);
    if (!entry || entry.expiresAt <= this.now()) throw stale("This plan is unknown, expired or already applied", planId);
    if ((jail !== undefined && jail !== entry.plan.jail) || (kind !== undefined && kind !== entry.plan.kind)) {
      throw new AgentError(
        "invalid_input",
        `Plan ${planId} is a ${entry.plan.kind} of ${entry.plan.jail}, not a ${kind ?? "plan"} of ${jail ?? "it"}`,
        {
          field: "planId",
        },
      );
    }
    this.plans.delete(planId);
    return entry;
  }

  private sweep(): void {
    for (const [id, entry] of this.plans) if (entry.expiresAt <= this.now()) this.plans.delete(id);
  }
}

/** Re-plans from the same request; anything different (or a refusal now) makes the stored plan stale. */
export async function verifyStillHolds(stored: StoredPlan, replan: () => Promise<DriverPlan>): Promise<void> {
  let fresh: DriverPlan;
  try {
    fresh = await replan();
  } catch (error) {
    throw stale(`${stored.plan.jail} changed since this plan was made (${(error as Error).message})`, stored.plan.id);
  }
  if (revisionOf(fresh) !== revisionOf(stored.computed))
    throw stale(`${stored.plan.jail} changed since this plan was made`, stored.plan.id);
}

/** A failure while applying carries the plan that was being applied, for the audit log. */
export function withPlan(error: unknown, plan: Plan): AgentError {
  if (!(error instanceof AgentError)) return new AgentError("internal", error instanceof Error ? error.message : String(error), { plan });
  return new AgentError(error.code, error.message, { ...error.details, plan });
}
