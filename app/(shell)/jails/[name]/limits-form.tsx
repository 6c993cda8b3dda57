"use client";

import { useState } from "react";
import { buttonClass } from "@/app/_components/dialog";
import { useJailPermissions, useRefreshJails } from "@/app/_components/jail-actions/use-jail-permissions";
import { PlanPanel } from "@/app/_components/plan/plan-panel";
import { usePlanFlow } from "@/app/_components/plan/use-plan-flow";
import type { Jail, JailLimits } from "@/server/agent/protocol";
import { draftProblems, type Draft } from "../new/draft";
import { FormField, inputClass } from "../new/form-field";

const MIB = 1024 * 1024;
type LimitsDraft = Pick<Draft, "memoryMiB" | "maxProcesses" | "cpuPercent">;

const asText = (value: number | null | undefined, unit = 1) => (value == null ? "" : String(Math.round(value / unit)));
const asLimit = (text: string, unit = 1) => (text.trim() === "" ? null : Number(text) * unit);

function draftOf(limits: JailLimits): LimitsDraft {
  return { memoryMiB: asText(limits.memoryBytes, MIB), maxProcesses: asText(limits.maxProcesses), cpuPercent: asText(limits.cpuPercent) };
}

const FIELDS = [
  ["memoryMiB", "limits.memoryBytes", "Memory (MiB)"],
  ["maxProcesses", "limits.maxProcesses", "Max processes"],
  ["cpuPercent", "limits.cpuPercent", "CPU (% of one core)"],
] as const;

/** Change a jail's limits: the plan says which apply live, then Apply runs exactly it. */
export function LimitsForm({ jail }: { jail: Jail }) {
  const { onJail } = useJailPermissions();
  const refresh = useRefreshJails();
  const [draft, setDraft] = useState<LimitsDraft>(() => draftOf(jail.limits));
  // Once applied, the jail's new values remount this form (its key), closing the plan.
  const flow = usePlanFlow(refresh);
  if (!onJail(jail.name, "jails.manage")) return null;
  const base: Draft = { name: "", template: "", hostname: "", ipv4: "", parameters: {}, autostart: false, tags: "", ...draft };
  const problems = draftProblems(base, { existingNames: [], network: undefined });
  const review = () => {
    if (Object.keys(problems).length > 0) return;
    const limits = {
      memoryBytes: asLimit(draft.memoryMiB, MIB),
      maxProcesses: asLimit(draft.maxProcesses),
      cpuPercent: asLimit(draft.cpuPercent),
    };
    flow.start({ kind: "change", input: { name: jail.name, limits } });
  };
  return (
    <form
      aria-label="Change limits"
      noValidate
      className="flex flex-col gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        review();
      }}
    >
      <div className="grid grid-cols-1 gap-3 md:grid-cols-3">
        {FIELDS.map(([key, field, label]) => (
          <FormField key={key} label={label} error={problems[field]} hint="Empty: no limit.">
            {(props) => (
              <input
                {...props}
                inputMode="numeric"
                value={draft[key]}
                onChange={(event) => {
                  setDraft((d) => ({ ...d, [key]: event.target.value }));
                  flow.cancel();
                }}
                className={inputClass}
              />
            )}
          </FormField>
        ))}
      </div>
      <div>
        <button type="submit" disabled={flow.plan.isPending || flow.apply.isPending} className={buttonClass.primary}>
          Review the change
        </button>
      </div>
      <PlanPanel flow={flow} />
    </form>
  );
}
