"use client";

import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { JailConsole } from "@/app/_components/console/jail-console";
import { useTRPC } from "@/app/_trpc/client";
import { HostLink } from "@/app/_components/host-link";
import { useHostInput } from "@/app/_lib/use-host";
import { JailLimits } from "@/app/_components/jails/jail-limits";
import { LiveTree } from "@/app/_components/process-tree/live-tree";
import { LoadState, REFRESH_MS } from "@/app/_components/load-state";
import { LiveProcessesProvider } from "@/app/_live/live-processes-context";
import { JailHeader } from "./jail-header";
import { JailConfigOrigin } from "./jail-config-origin";
import { AdoptJail } from "./jail-adopt";
import { JailDrift } from "./jail-drift";
import { MoveToOwnFile } from "./jail-move";
import { JailPackages } from "./jail-packages";
import { JailParameters } from "./jail-parameters";
import { JailTags } from "./jail-tags";
import { JailUsage } from "./jail-usage";
import { LimitsForm } from "./limits-form";
import { ParametersForm } from "./parameters-form";

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title} className="flex flex-col gap-3">
      <h2 className="text-lg font-semibold">{title}</h2>
      {children}
    </section>
  );
}

function NotFound({ name }: { name: string }) {
  return (
    <section className="flex flex-col gap-2">
      <h1 className="text-2xl font-semibold">Jail {name}</h1>
      <p role="alert" className="text-sm">
        There is no jail named “{name}” that you may see.{" "}
        <HostLink className="text-sky-700 underline dark:text-sky-300" href="/jails">
          All jails
        </HostLink>
      </p>
    </section>
  );
}

function useJailUsage(name: string) {
  const trpc = useTRPC();
  const usage = useQuery(trpc.host.usage.queryOptions(useHostInput(), { refetchInterval: REFRESH_MS }));
  return usage.data?.jails.find((entry) => entry.jail === name) ?? null;
}

/** One jail: who it is, how it is set up (and how safely), what it uses, and what runs in it. */
export function JailView({ name }: { name: string }) {
  const trpc = useTRPC();
  const { host } = useHostInput();
  const jail = useQuery(
    trpc.jails.get.queryOptions(
      { host, name },
      {
        refetchInterval: REFRESH_MS,
        retry: (count, error) => error.data?.code !== "NOT_FOUND" && error.data?.code !== "BAD_REQUEST" && count < 1,
      },
    ),
  );
  const usage = useJailUsage(name);
  const code = jail.error?.data?.code;
  if (code === "NOT_FOUND" || code === "BAD_REQUEST" || code === "FORBIDDEN") return <NotFound name={name} />;
  if (!jail.data) return <LoadState query={jail} what={`jail ${name}`} />;
  return (
    <div className="flex flex-col gap-8">
      <JailHeader jail={jail.data} />
      {jail.isError && <LoadState query={jail} what={`jail ${name}`} />}
      <AdoptJail jail={jail.data} />
      <Section title="Tags">
        <JailTags name={name} tags={jail.data.tags} />
      </Section>
      <Section title="Usage">
        <JailUsage name={name} limits={jail.data.limits} />
      </Section>
      <Section title="Limits">
        <div className="max-w-xl">
          <JailLimits jail={jail.data} usage={usage} />
        </div>
        <LimitsForm key={JSON.stringify(jail.data.limits)} jail={jail.data} />
      </Section>
      <Section title="Parameters">
        <JailConfigOrigin jail={jail.data} />
        <JailDrift jail={jail.data} />
        <MoveToOwnFile jail={jail.data} />
        <JailParameters parameters={jail.data.parameters} sources={jail.data.parameterSources} />
        <ParametersForm key={JSON.stringify(jail.data.parameters)} jail={jail.data} />
      </Section>
      <JailPackages name={name} running={jail.data.state === "running"} />
      <Section title="Console">
        <JailConsole jail={name} running={jail.data.state === "running"} />
      </Section>
      <Section title="Processes">
        {/* The page's host's socket feed; keyed so another host or jail starts from its own state. */}
        <LiveProcessesProvider key={`${host}/${name}`} host={host}>
          <LiveTree jail={name} />
        </LiveProcessesProvider>
      </Section>
    </div>
  );
}
