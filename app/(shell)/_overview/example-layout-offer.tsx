"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { buttonClass } from "@/app/_components/dialog";
import { FormError } from "@/app/_components/forms/form-error";
import { useHostInput } from "@/app/_lib/use-host";
import { useTRPC } from "@/app/_trpc/client";
import { latestStepOf } from "./layout-steps";

/**
 * On a host with no jails (the page's host), an admin is offered the example layout of a classic jailing server
 * (server/layout/classic.ts, the same definition `npm run demo` applies). Hidden from anyone
 * without jails.manage: the describe query is refused for them. The build takes minutes: the
 * mutation starts it and each jail's steps are polled (layout.progress) as they happen.
 */
export function ExampleLayoutOffer({ hostEmpty }: { hostEmpty: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const onHost = useHostInput();
  const layout = useQuery(trpc.layout.describe.queryOptions(onHost, { retry: false }));
  const create = useMutation(trpc.layout.create.mutationOptions());
  const [dnsUpstream, setDnsUpstream] = useState("");
  const runId = create.data?.id;
  const progress = useQuery(
    trpc.layout.progress.queryOptions(
      { ...onHost, id: runId ?? "" },
      { enabled: runId !== undefined, refetchInterval: (query) => (query.state.data?.done ? false : 1000) },
    ),
  );
  const run = progress.data;
  const done = run?.done ?? false;
  useEffect(() => {
    if (runId !== undefined) void queryClient.invalidateQueries({ queryKey: trpc.jails.list.queryKey(onHost) });
  }, [done, run?.steps.length, runId, queryClient, trpc, onHost]);
  // Offered on an empty host; once started it stays until the page is left, with each jail's result.
  if (!layout.data || (!hostEmpty && create.isIdle)) return null;
  const working = create.isPending || (runId !== undefined && !done);
  return (
    <section
      aria-labelledby="example-layout-title"
      className="flex flex-col gap-3 rounded-lg border border-slate-200 p-4 dark:border-slate-700"
    >
      <h3 id="example-layout-title" className="font-semibold">
        Start from the example layout
      </h3>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Seven jails of a classic jailing server on consecutive addresses of the pool, each running its real service. Debian jails install
        their packages from this host&apos;s package sources, so this takes a minute or two.
      </p>
      <table className="text-left text-sm" aria-label="Example layout jails">
        <thead className="text-slate-500">
          <tr>
            <th className="py-1 pr-4 font-medium">Jail</th>
            <th className="py-1 pr-4 font-medium">Template</th>
            <th className="py-1 pr-4 font-medium">Service</th>
            <th className="py-1 font-medium">Progress</th>
          </tr>
        </thead>
        <tbody>
          {layout.data.map((jail) => {
            const result = run?.results?.find((r) => r.role === jail.role);
            const step = run ? latestStepOf(run.steps, jail.role) : null;
            return (
              <tr key={jail.role} className="border-t border-slate-100 dark:border-slate-800">
                <td className="py-1 pr-4 font-mono">{jail.role}</td>
                <td className="py-1 pr-4">{jail.template}</td>
                <td className="py-1 pr-4">{jail.description}</td>
                <td className="py-1" aria-label={`Progress of ${jail.role}`}>
                  {result ? (
                    result.ok ? (
                      <span className="text-emerald-700 dark:text-emerald-400">
                        ok at {result.address}:{result.service.port}
                      </span>
                    ) : (
                      <span className="text-red-700 dark:text-red-400">failed: {result.error}</span>
                    )
                  ) : (
                    <span className="text-slate-500">{step ?? (working ? "waiting…" : "—")}</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {run?.error && <p className="text-sm text-red-700 dark:text-red-400">The layout stopped: {run.error}</p>}
      <FormError error={create.error ?? progress.error} />
      {!create.isSuccess && (
        <div className="flex flex-wrap items-end gap-3">
          <label className="flex flex-col gap-1 text-sm">
            <span>DNS upstream for dns1 (optional)</span>
            <input
              value={dnsUpstream}
              onChange={(event) => setDnsUpstream(event.target.value)}
              placeholder="e.g. 10.0.3.1 or 10.0.3.1#5353"
              aria-describedby="dns-upstream-hint"
              className="w-64 rounded-md border border-slate-300 bg-white px-2 py-1 font-mono dark:border-slate-700 dark:bg-slate-950"
            />
          </label>
          <button
            type="button"
            className={buttonClass.primary}
            disabled={create.isPending}
            onClick={() => create.mutate({ ...onHost, ...(dnsUpstream.trim() ? { dnsUpstream: dnsUpstream.trim() } : {}) })}
          >
            {create.isPending ? "Creating the example layout…" : "Create the example layout"}
          </button>
          <p id="dns-upstream-hint" className="w-full text-xs text-slate-500">
            The jails have no route out: dns1 forwards names outside the layout only to a resolver it can reach (this host&apos;s bridge
            address, a jail). Without one it answers only the layout&apos;s own names.
          </p>
        </div>
      )}
      {working && create.isSuccess && <p className="text-sm text-slate-500">Creating the example layout…</p>}
    </section>
  );
}
