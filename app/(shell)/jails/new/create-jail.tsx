"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { placeServerErrors } from "@/app/_components/forms/field-errors";
import { FormError } from "@/app/_components/forms/form-error";
import { PlanPanel } from "@/app/_components/plan/plan-panel";
import { usePlanFlow } from "@/app/_components/plan/use-plan-flow";
import { useJailEvents } from "@/app/_live/use-jail-events";
import { withHost } from "@/app/_lib/host-param";
import { useHostInput } from "@/app/_lib/use-host";
import { useTRPC } from "@/app/_trpc/client";
import { LoadState } from "@/app/_components/load-state";
import { suggestedAddress } from "./address-check";
import { CreateJailForm } from "./create-jail-form";
import { draftProblems, FIELD_LABELS, FIELDS, toCreateInput, type Draft } from "./draft";
import { parameterCatalog, safeDefaults } from "./parameter-catalog";

const emptyDraft: Draft = {
  name: "",
  template: "",
  hostname: "",
  ipv4: "",
  memoryMiB: "",
  maxProcesses: "",
  cpuPercent: "",
  parameters: {},
  autostart: false,
  tags: "",
};

function CreateSteps({ name, events }: { name: string; events: ReturnType<typeof useJailEvents>["events"] }) {
  const steps = events.filter((event) => event.type === "progress");
  return (
    <section aria-label={`Creating ${name}`} className="flex flex-col gap-1">
      <h3 className="text-sm font-semibold">Creating {name}</h3>
      <ol aria-live="polite" className="list-decimal pl-6 text-sm">
        {steps.map((step, index) => (
          <li key={index}>{step.message}</li>
        ))}
      </ol>
    </section>
  );
}

/** The create page: the form, then the page's host's agent's plan for it, then applying it with its steps shown. */
export function CreateJail() {
  const trpc = useTRPC();
  const router = useRouter();
  const onHost = useHostInput();
  const templates = useQuery(trpc.jails.templates.queryOptions(onHost));
  const network = useQuery(trpc.host.network.queryOptions(onHost, { refetchInterval: 5_000 }));
  const jails = useQuery(trpc.jails.list.queryOptions(onHost));
  const host = useQuery(trpc.host.info.queryOptions(onHost));
  const catalog = parameterCatalog(host.data?.driver);
  const [typed, setTyped] = useState<Draft>(emptyDraft);
  const [addressTyped, setAddressTyped] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const suggestion = suggestedAddress(network.data);
  // Until the user types one, the address is the pool's next free one and parameters start safe.
  const draft: Draft = {
    ...typed,
    ipv4: addressTyped ? typed.ipv4 : (suggestion ?? ""),
    parameters: { ...safeDefaults(catalog), ...typed.parameters },
  };
  const feed = useJailEvents(draft.name);
  const flow = usePlanFlow((result) => router.push(withHost(`/jails/${result.plan.jail}`, onHost.host)));

  if (!templates.data) return <LoadState query={templates} what="the templates" />;
  const ctx = { existingNames: (jails.data ?? []).map((jail) => jail.name), network: network.data };
  const problems = draftProblems(draft, ctx, submitted);
  const server = placeServerErrors(flow.plan.error ?? flow.apply.error, FIELDS, FIELD_LABELS);
  const errors = { ...server.fields, ...problems };
  const review = () => {
    setSubmitted(true);
    const now = draftProblems(draft, ctx, true);
    if (Object.keys(now).length > 0) return document.querySelector<HTMLElement>("[aria-invalid=true]")?.focus();
    flow.start({ kind: "create", input: toCreateInput(draft) });
  };
  const change = (update: (d: Draft) => Draft) => {
    const next = update(draft);
    if (next.ipv4 !== draft.ipv4) setAddressTyped(true);
    setTyped(next);
    if (flow.plan.data || flow.plan.error) flow.cancel();
  };
  const apply = async (confirmName?: string) => {
    await feed.follow();
    flow.run(confirmName);
  };
  return (
    <div className="flex flex-col gap-6">
      <CreateJailForm
        draft={draft}
        setDraft={change}
        errors={errors}
        templates={templates.data}
        catalog={catalog}
        suggestedAddress={suggestion}
        busy={flow.plan.isPending || flow.apply.isPending}
        onSubmit={review}
      >
        <FormError error={server.form ? { message: server.form } : null} />
      </CreateJailForm>
      {flow.plan.data && <PlanPanel flow={{ ...flow, run: (name) => void apply(name) }} showPlanError={false} />}
      {flow.apply.isPending && <CreateSteps name={draft.name} events={feed.events} />}
    </div>
  );
}
