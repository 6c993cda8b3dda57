"use client";

import { FormError } from "@/app/_components/forms/form-error";
import { PlanView } from "./plan-view";
import type { PlanFlow } from "./use-plan-flow";

/** The flow's current plan (or why there is none yet) and its Apply button. */
export function PlanPanel({ flow, showPlanError = true }: { flow: PlanFlow; showPlanError?: boolean }) {
  if (flow.plan.isPending)
    return (
      <p className="text-sm text-slate-500" role="status">
        The agent is working out the plan…
      </p>
    );
  if (flow.plan.error) return showPlanError ? <FormError error={flow.plan.error} /> : null;
  if (!flow.plan.data) return null;
  return (
    <PlanView
      plan={flow.plan.data}
      applying={flow.apply.isPending}
      error={flow.apply.error}
      stale={flow.stale}
      onApply={flow.run}
      onReplan={flow.replan}
      onCancel={flow.cancel}
    />
  );
}
