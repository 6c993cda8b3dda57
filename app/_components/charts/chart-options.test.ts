import { describe, expect, it } from "vitest";
import type uPlot from "uplot";
import { chartOptions, fewPointsNote, yTop } from "./chart-options";

const DAY = 86_400_000;
const now = Date.UTC(2026, 11, 2, 7, 0);
const week = { from: now - 7 * DAY, to: now };
const percent = (value: number) => `${value.toFixed(1)}%`;

type RangeFn = (u: uPlot, min: number | null, max: number | null, scaleKey: string) => [number, number];

describe("usage chart options", () => {
  it("draws the selected week on the x axis even with one sample in it", () => {
    const options = chartOptions({ label: "CPU", format: percent, color: "#0284c7", window: week }, 600);
    const range = options.scales!.x!.range as RangeFn;
    // uPlot would widen a single point at t to years around it; the range is the week.
    const oneSample = (now - 3600_000) / 1000;
    expect(range({} as uPlot, oneSample, oneSample, "x")).toEqual([week.from / 1000, week.to / 1000]);
  });

  it("gives an all-idle y axis a top its format labels distinctly", () => {
    const options = chartOptions({ label: "CPU", format: percent, color: "#0284c7", window: week, yFloor: 1 }, 600);
    const [low, high] = (options.scales!.y!.range as RangeFn)({} as uPlot, 0, 0.01, "y");
    expect(low).toBe(0);
    const labels = [0, 0.25, 0.5, 0.75, 1].map((fraction) => percent(low + (high - low) * fraction));
    expect(new Set(labels).size).toBe(labels.length);
  });

  it("lets a limit or busier data raise the y axis", () => {
    expect(yTop(10, { yFloor: 1 })).toBeCloseTo(10.5);
    expect(yTop(10, { yFloor: 1, minMax: 50 })).toBe(50);
  });

  it("says when a range has too few points", () => {
    expect(fewPointsNote(0, "week")).toBe("No samples in this week yet.");
    expect(fewPointsNote(1, "month")).toMatch(/^Only 1 sample in this month so far/);
    expect(fewPointsNote(3, "week")).toBeNull();
  });
});
