"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { TimeSeriesChart } from "@/app/_components/charts/time-series-chart";
import { FIGURES } from "@/app/_components/figures";
import { formatBytes } from "@/app/_components/process-tree/format";
import { useTRPC } from "@/app/_trpc/client";
import { useHostInput } from "@/app/_lib/use-host";
import type { JailLimits } from "@/server/agent/protocol";
import { LoadState, REFRESH_MS } from "@/app/_components/load-state";

const RANGES = ["hour", "day", "week", "month"] as const;
type Range = (typeof RANGES)[number];

const MiB = 1024 * 1024;
/** Percent of one CPU as CPUs, precise enough that axis ticks differ. */
const formatCpuAxis = (percent: number) => (percent / 100).toFixed(2);
const formatCount = (value: number) => String(Math.round(value));
const formatResolution = (seconds: number) =>
  seconds >= 3600 ? `${seconds / 3600} h` : seconds >= 60 ? `${seconds / 60} min` : `${seconds} s`;

function RangeButtons({ range, onChange }: { range: Range; onChange(range: Range): void }) {
  return (
    <div role="group" aria-label="Range" className="flex gap-1">
      {RANGES.map((option) => (
        <button
          key={option}
          type="button"
          aria-pressed={range === option}
          onClick={() => onChange(option)}
          className={`rounded-md px-3 py-1 text-sm ${range === option ? "bg-sky-100 text-sky-900 dark:bg-sky-900/40 dark:text-sky-100" : "text-slate-600 hover:bg-slate-200 dark:text-slate-300 dark:hover:bg-slate-800"}`}
        >
          {option[0]?.toUpperCase()}
          {option.slice(1)}
        </button>
      ))}
    </div>
  );
}

/** CPU, memory and process count for one jail over the chosen range, from stored history. */
export function JailUsage({ name, limits }: { name: string; limits: JailLimits }) {
  const trpc = useTRPC();
  const { host } = useHostInput();
  const [range, setRange] = useState<Range>("hour");
  const history = useQuery(trpc.usage.history.queryOptions({ host, jail: name, range }, { refetchInterval: REFRESH_MS * 6 }));
  const points = history.data?.points;
  const window = history.data?.window ?? { from: 0, to: 0 };
  const series = useMemo(() => {
    const list = points ?? [];
    return {
      cpu: list.map((p) => ({ at: p.at, value: p.cpuPercent })),
      memory: list.map((p) => ({ at: p.at, value: p.memoryBytes })),
      processes: list.map((p) => ({ at: p.at, value: p.processCount })),
    };
  }, [points]);
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <RangeButtons range={range} onChange={setRange} />
        {history.data && history.data.resolutionSeconds > 0 && (
          <span className="text-xs text-slate-500">one point per {formatResolution(history.data.resolutionSeconds)}</span>
        )}
      </div>
      {!history.data ? (
        <LoadState query={history} what="usage history" />
      ) : (
        <div className="grid grid-cols-1 gap-4 xl:grid-cols-3">
          <TimeSeriesChart
            label="CPU (CPUs in use)"
            source={FIGURES.jailCpu.source}
            points={series.cpu}
            format={formatCpuAxis}
            color="#0284c7"
            minMax={limits.cpuPercent ?? undefined}
            yFloor={10}
            window={window}
            rangeName={range}
          />
          <TimeSeriesChart
            label={FIGURES.jailMemory.label}
            source={FIGURES.jailMemory.source}
            points={series.memory}
            format={formatBytes}
            color="#7c3aed"
            minMax={limits.memoryBytes ?? undefined}
            yFloor={MiB}
            window={window}
            rangeName={range}
          />
          <TimeSeriesChart
            label="Processes"
            source={FIGURES.jailProcesses.source}
            points={series.processes}
            format={formatCount}
            color="#059669"
            minMax={limits.maxProcesses ?? undefined}
            yFloor={4}
            window={window}
            rangeName={range}
          />
        </div>
      )}
    </div>
  );
}
