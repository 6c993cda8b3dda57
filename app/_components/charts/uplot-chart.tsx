"use client";

import { useEffect, useRef } from "react";
import uPlot, { type AlignedData, type Options } from "uplot";
import "uplot/dist/uPlot.min.css";
import type { TimeSeriesChartProps } from "./time-series-chart";

const AXIS = {
  stroke: "#64748b",
  grid: { stroke: "rgba(148, 163, 184, 0.2)", width: 1 },
  ticks: { stroke: "rgba(148, 163, 184, 0.3)", width: 1 },
};

function options(props: TimeSeriesChartProps, width: number): Options {
  return {
    width,
    height: props.height ?? 180,
    legend: { show: false },
    cursor: { y: false },
    scales: { y: { range: (_u, _min, max) => [0, Math.max(max, props.minMax ?? 0) * 1.05 || 1] } },
    axes: [AXIS, { ...AXIS, size: 84, values: (_u, splits) => splits.map((value) => props.format(value)) }],
    series: [
      {},
      {
        label: props.label,
        stroke: props.color,
        width: 1.5,
        fill: `${props.color}22`,
        value: (_u, value) => (value === null ? "–" : props.format(value)),
      },
    ],
  };
}

function toData(points: TimeSeriesChartProps["points"]): AlignedData {
  return [points.map((point) => point.at / 1000), points.map((point) => point.value)];
}

/** uPlot drawn into a div that tracks its container's width; loaded only where a chart shows. */
export default function UplotChart(props: TimeSeriesChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const { label, color, format, height, minMax } = props;
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const chart = new uPlot(options({ label, color, format, height, minMax, points: [] }, element.clientWidth), [[], []], element);
    plot.current = chart;
    const observer = new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height: height ?? 180 }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, [label, color, format, height, minMax]);
  useEffect(() => {
    plot.current?.setData(toData(props.points));
  }, [props.points, label, color, format, height, minMax]);
  return <div ref={box} className="w-full" />;
}
