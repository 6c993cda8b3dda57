"use client";

import dynamic from "next/dynamic";

export interface TimeSeriesChartProps {
  label: string;
  points: { at: number; value: number }[];
  format(value: number): string;
  /** A hex colour: uPlot draws on a canvas, where Tailwind classes do not reach. */
  color: string;
  height?: number;
  /** The y axis reaches at least this far (a limit, or 100 % CPU). */
  minMax?: number;
}

function summary({ label, points, format }: TimeSeriesChartProps): string {
  if (points.length === 0) return `${label}: no samples in this range`;
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
  return (
    <figure className="min-w-0">
      <figcaption className="mb-1 text-sm font-medium">{props.label}</figcaption>
      <div role="img" aria-label={text}>
        {props.points.length === 0 ? (
          <p className="flex h-[120px] items-center justify-center rounded border border-dashed border-slate-300 text-sm text-slate-500 dark:border-slate-700">
            No samples in this range yet.
          </p>
        ) : (
          <UplotChart {...props} />
        )}
      </div>
    </figure>
  );
}
