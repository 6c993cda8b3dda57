"use client";

import { useQuery } from "@tanstack/react-query";
import { Sparkline } from "@/app/_components/charts/sparkline";
import { Fact } from "@/app/_components/fact";
import { FIGURES, formatCpus } from "@/app/_components/figures";
import { formatBytes } from "@/app/_components/process-tree/format";
import { processCount } from "@/app/_components/process-tree/live";
import { useSharedLiveProcesses } from "@/app/_live/live-processes-context";
import { useTRPC } from "@/app/_trpc/client";
import type { HostInfo, Usage } from "@/server/agent/protocol";
import { LoadState, REFRESH_MS } from "@/app/_components/load-state";

const ACCOUNTING: Record<HostInfo["accounting"], string> = {
  kernel: "kernel accounting (rctl / cgroups)",
  "summed-from-processes": "summed from the process table (no kernel accounting)",
};

function RecordedBadge() {
  return (
    <span
      className="rounded bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900 dark:bg-amber-900/50 dark:text-amber-100"
      title="Replayed from recorded command outputs: nothing here is a live machine."
    >
      Recorded FreeBSD host
    </span>
  );
}

function HostUsage({ usage, host, cpuHistory }: { usage: Usage; host: HostInfo; cpuHistory: number[] }) {
  // Counted from the tree's own snapshot, not the usage report: both say the same number at the same moment.
  const { snapshot } = useSharedLiveProcesses();
  return (
    <>
      <Fact label={FIGURES.hostCpu.label} title={FIGURES.hostCpu.source}>
        {formatCpus(usage.cpuPercent, host.cpuCount)}{" "}
        <Sparkline
          values={cpuHistory}
          label="Host CPU over the last 10 minutes"
          width={80}
          height={16}
          // Beside the figure, not below it (an svg is a block by default).
          className="inline-block align-middle text-sky-600 dark:text-sky-400"
        />
      </Fact>
      <Fact label={FIGURES.hostMemory.label} title={FIGURES.hostMemory.source}>
        {formatBytes(usage.memoryBytes)} of {formatBytes(host.memoryBytes)}
      </Fact>
      <Fact label={FIGURES.hostProcesses.label} title={FIGURES.hostProcesses.source}>
        {snapshot ? processCount(snapshot) : "…"}
      </Fact>
    </>
  );
}

/** The host in one strip: what it is, where numbers come from, how busy it is. */
export function HostSummary({ host: hostId }: { host: string }) {
  const trpc = useTRPC();
  const info = useQuery(trpc.host.info.queryOptions({ host: hostId }, { refetchInterval: REFRESH_MS * 6 }));
  const usage = useQuery(trpc.host.usage.queryOptions({ host: hostId }, { refetchInterval: REFRESH_MS }));
  const sparks = useQuery(trpc.usage.sparklines.queryOptions({ host: hostId }, { refetchInterval: REFRESH_MS * 2 }));
  if (!info.data) return <LoadState query={info} what="the host" />;
  const host = info.data;
  return (
    <section aria-label="Host" className="rounded-lg border border-slate-200 bg-white px-4 py-3 dark:border-slate-800 dark:bg-slate-900">
      <div className="mb-2 flex flex-wrap items-center gap-2">
        <h2 className="text-lg font-semibold">{host.hostname}</h2>
        {host.recorded && <RecordedBadge />}
        <span className="text-sm text-slate-500">{host.os}</span>
      </div>
      {/* Columns wide enough for each value on one line: the eight facts take two rows at 1366 wide. */}
      <dl className="grid grid-cols-[repeat(auto-fill,minmax(15rem,1fr))] gap-x-4 gap-y-2">
        <Fact label="Driver">
          {host.driver} · kernel {host.kernel}
        </Fact>
        <Fact label="CPUs">{host.cpuCount}</Fact>
        <Fact label="Memory">{formatBytes(host.memoryBytes)}</Fact>
        <Fact label="Accounting">{ACCOUNTING[host.accounting]}</Fact>
        <Fact label="Agent">version {host.agentVersion}</Fact>
        {usage.data?.hostVisible && (
          <HostUsage usage={usage.data.host} host={host} cpuHistory={(sparks.data?.[""] ?? []).map((p) => p.cpuPercent)} />
        )}
      </dl>
      {usage.isError && (
        <div className="mt-3">
          <LoadState query={usage} what="usage" />
        </div>
      )}
    </section>
  );
}
