import { describe, expect, it } from "vitest";
import { aggregate, bucketStart, retentionCutoffs, tierForRange, type UsagePoint } from "./tiers";

const point = (at: number, cpuPercent: number, sampleCount = 1): UsagePoint => ({
  at,
  cpuPercent,
  memoryBytes: cpuPercent * 1000,
  processCount: cpuPercent / 10,
  sampleCount,
});

describe("usage tiers", () => {
  it("averages samples into buckets, weighted by how many samples each point stands for", () => {
    const points = [point(0, 10), point(5_000, 30), point(59_999, 20), point(60_000, 50, 3), point(61_000, 10, 1)];
    expect(aggregate(points, 60)).toEqual([
      { at: 0, cpuPercent: 20, memoryBytes: 20_000, processCount: 2, sampleCount: 3 },
      { at: 60_000, cpuPercent: 40, memoryBytes: 40_000, processCount: 4, sampleCount: 4 },
    ]);
  });

  it("starts buckets on whole multiples of the resolution", () => {
    expect(bucketStart(3_599_999, 3600)).toBe(0);
    expect(bucketStart(3_600_000, 3600)).toBe(3_600_000);
  });

  it("picks raw samples for an hour and coarser tiers for longer ranges", () => {
    expect(tierForRange("hour", 5)).toBe(5);
    expect(tierForRange("day", 5)).toBe(60);
    expect(tierForRange("week", 5)).toBe(900);
    expect(tierForRange("month", 5)).toBe(3600);
  });

  it("keeps raw a day, minutes a week, quarter hours 90 days and hours two years", () => {
    const now = 1_000 * 86_400_000;
    const days = (ms: number) => (now - ms) / 86_400_000;
    expect(retentionCutoffs(now, 5).map((cutoff) => [cutoff.resolutionSeconds, days(cutoff.before)])).toEqual([
      [5, 1],
      [60, 7],
      [900, 90],
      [3600, 730],
    ]);
  });
});
