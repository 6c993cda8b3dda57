"use client";

import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { chartOptions, toAlignedData } from "./chart-options";
import type { TimeSeriesChartProps } from "./time-series-chart";

/** uPlot drawn into a div that tracks its container's width; loaded only where a chart shows. */
export default function UplotChart(props: TimeSeriesChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const { label, color, format, height, minMax, yFloor } = props;
  const { from, to } = props.window;
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const spec = { label, color, format, height, minMax, yFloor, window: { from, to } };
    const chart = new uPlot(chartOptions(spec, element.clientWidth), [[], []], element);
    plot.current = chart;
    const observer = new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height: height ?? 180 }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, [label, color, format, height, minMax, yFloor, from, to]);
  useEffect(() => {
    plot.current?.setData(toAlignedData(props.points));
  }, [props.points, label, color, format, height, minMax, yFloor, from, to]);
  return <div ref={box} className="w-full" />;
}
