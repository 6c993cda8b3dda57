"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/app/_trpc/client";
import { useHostInput } from "@/app/_lib/use-host";
import type { ApplyResult, PlanRequest } from "@/server/agent/protocol";

/**
 * Plan first, then apply exactly that plan: the agent computes it, the page shows it, and a
 * plan the jail outgrew (PRECONDITION_FAILED) asks for a re-plan instead of running.
 */
export function usePlanFlow(onApplied?: (result: ApplyResult) => void) {
  const trpc = useTRPC();
  const { host } = useHostInput();
  const [request, setRequest] = useState<PlanRequest | null>(null);
  const planned = useMutation(trpc.jails.plan.mutationOptions());
  // A migration is planned by its own admin-only procedure; its plan is applied like any other.
  const migration = useMutation(trpc.jails.unprivilegePlan.mutationOptions());
  const plan = request?.kind === "unprivilege" ? migration : planned;
  const apply = useMutation(trpc.jails.applyPlan.mutationOptions({ onSuccess: (result) => onApplied?.(result) }));
  const start = (next: PlanRequest) => {
    setRequest(next);
    apply.reset();
    if (next.kind === "unprivilege") migration.mutate({ host, name: next.name });
    else planned.mutate({ ...next, host });
  };
  return {
    plan,
    apply,
    start,
    replan: () => request && start(request),
    cancel: () => {
      setRequest(null);
      planned.reset();
      migration.reset();
      apply.reset();
    },
    stale: apply.error?.data?.code === "PRECONDITION_FAILED",
    run: (confirmName?: string) => {
      if (!plan.data) return;
      apply.mutate({ host, name: plan.data.jail, planId: plan.data.id, kind: plan.data.kind, confirmName });
    },
  };
}

export type PlanFlow = ReturnType<typeof usePlanFlow>;
