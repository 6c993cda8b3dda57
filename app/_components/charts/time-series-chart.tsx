"use client";

import dynamic from "next/dynamic";
import { fewPointsNote, type ChartSpec } from "./chart-options";

export interface TimeSeriesChartProps extends ChartSpec {
  points: { at: number; value: number }[];
  /** The range's name as the user chose it ("week"), for what is said about it. */
  rangeName: string;
  /** What the figure counts and where it comes from, shown as the caption's tooltip. */
  source?: string;
}

function summary({ label, points, format, rangeName }: TimeSeriesChartProps): string {
  if (points.length === 0) return `${label}: no samples in this ${rangeName}`;
  const values = points.map((point) => point.value);
  const latest = values[values.length - 1] ?? 0;
  return `${label}: latest ${format(latest)}, lowest ${format(Math.min(...values))}, highest ${format(Math.max(...values))}`;
}

// uPlot and its CSS load only when a chart is on screen, keeping the overview's bundle small.
const UplotChart = dynamic(() => import("./uplot-chart"), {
  ssr: false,
  loading: () => <div className="h-[180px] animate-pulse rounded bg-slate-100 dark:bg-slate-800" />,
});

export function TimeSeriesChart(props: TimeSeriesChartProps) {
  const text = summary(props);
  const note = fewPointsNote(props.points.length, props.rangeName);
  return (
    <figure className="min-w-0">
      <figcaption className="mb-1 text-sm font-medium" title={props.source}>
        {props.label}
      </figcaption>
      <div role="img" aria-label={note ? `${text}. ${note}` : text}>
        {props.points.length === 0 ? (
          <p className="flex h-[120px] items-center justify-center rounded border border-dashed border-slate-300 text-sm text-slate-500 dark:border-slate-700">
            {note}
          </p>
        ) : (
          <UplotChart {...props} />
        )}
      </div>
      {note && props.points.length > 0 && <p className="mt-1 text-xs text-slate-500">{note}</p>}
    </figure>
  );
}
