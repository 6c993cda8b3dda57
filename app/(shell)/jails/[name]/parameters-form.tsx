"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { buttonClass } from "@/app/_components/dialog";
import { useJailPermissions, useRefreshJails } from "@/app/_components/jail-actions/use-jail-permissions";
import { PlanPanel } from "@/app/_components/plan/plan-panel";
import { usePlanFlow } from "@/app/_components/plan/use-plan-flow";
import { useTRPC } from "@/app/_trpc/client";
import { useHostInput } from "@/app/_lib/use-host";
import type { Jail } from "@/server/agent/protocol";
import { parameterCatalog, type ParameterValue } from "../new/parameter-catalog";
import { ParametersFieldset } from "../new/parameters-fieldset";

/** Change the parameters Stockade offers for this driver; the plan says which wait for a restart. */
export function ParametersForm({ jail }: { jail: Jail }) {
  const trpc = useTRPC();
  const host = useQuery(trpc.host.info.queryOptions(useHostInput()));
  const { onJail } = useJailPermissions();
  const refresh = useRefreshJails();
  const catalog = parameterCatalog(host.data?.driver);
  const current = Object.fromEntries(catalog.map((entry) => [entry.name, jail.parameters[entry.name] ?? entry.safe])) as Record<
    string,
    ParameterValue
  >;
  const [values, setValues] = useState<Record<string, ParameterValue> | null>(null);
  // Once applied, the jail's new values remount this form (its key), closing the plan.
  const flow = usePlanFlow(refresh);
  if (!onJail(jail.name, "jails.manage") || catalog.length === 0) return null;
  const shown = values ?? current;
  const changed = Object.fromEntries(Object.entries(shown).filter(([name, value]) => current[name] !== value));
  return (
    <form
      aria-label="Change parameters"
      noValidate
      className="flex max-w-3xl flex-col gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        flow.start({ kind: "change", input: { name: jail.name, parameters: changed } });
      }}
    >
      <ParametersFieldset
        catalog={catalog}
        values={shown}
        onChange={(next) => {
          setValues(next);
          flow.cancel();
        }}
      />
      <div>
        <button type="submit" disabled={Object.keys(changed).length === 0 || flow.plan.isPending} className={buttonClass.primary}>
          Review the change
        </button>
      </div>
      <PlanPanel flow={flow} />
    </form>
  );
}
