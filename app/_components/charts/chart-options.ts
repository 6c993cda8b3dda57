/**
 * uPlot options for a usage chart. The x axis is the selected range (a week shows a week,
 * however little history there is) and the y axis never collapses to repeated labels.
 */
import type { AlignedData, Options } from "uplot";

export interface ChartWindow {
  /** Milliseconds since the epoch. */
  from: number;
  to: number;
}

export interface ChartSpec {
  label: string;
  format(value: number): string;
  color: string;
  height?: number;
  /** The y axis reaches at least this far (a limit, or 100 % CPU). */
  minMax?: number;
  /** The smallest top of the y axis that the format still labels distinctly (1 for %, 1 MiB for bytes). */
  yFloor?: number;
  window: ChartWindow;
}

/** Fewer points than this do not make a line worth reading. */
export const ENOUGH_POINTS = 3;

const AXIS = {
  stroke: "#64748b",
  grid: { stroke: "rgba(148, 163, 184, 0.2)", width: 1 },
  ticks: { stroke: "rgba(148, 163, 184, 0.3)", width: 1 },
};

export function yTop(dataMax: number | null, spec: Pick<ChartSpec, "minMax" | "yFloor">): number {
  return Math.max((dataMax ?? 0) * 1.05, spec.minMax ?? 0, spec.yFloor ?? 1);
}

export function chartOptions(spec: ChartSpec, width: number): Options {
  return {
    width,
    height: spec.height ?? 180,
    legend: { show: false },
    cursor: { y: false },
    scales: {
      x: { time: true, range: () => [spec.window.from / 1000, spec.window.to / 1000] },
      y: { range: (_u, _min, max) => [0, yTop(max, spec)] },
    },
    axes: [AXIS, { ...AXIS, size: 84, values: (_u, splits) => splits.map((value) => spec.format(value)) }],
    series: [
      {},
      {
        label: spec.label,
        stroke: spec.color,
        width: 1.5,
        fill: `${spec.color}22`,
        // A lone sample still shows as a dot.
        points: { show: (_u, _series, first, last) => last - first < ENOUGH_POINTS },
        value: (_u, value) => (value === null ? "–" : spec.format(value)),
      },
    ],
  };
}

export function toAlignedData(points: { at: number; value: number }[]): AlignedData {
  return [points.map((point) => point.at / 1000), points.map((point) => point.value)];
}

/** Said under a chart whose range has too few samples to draw a trend; null when there are enough. */
export function fewPointsNote(count: number, rangeName: string): string | null {
  if (count >= ENOUGH_POINTS) return null;
  if (count === 0) return `No samples in this ${rangeName} yet.`;
  return `Only ${count} sample${count === 1 ? "" : "s"} in this ${rangeName} so far: history builds up while Stockade runs.`;
}
