/**
 * Usage history tiers: raw samples for a day, then coarser buckets kept longer, so a
 * year of history per jail stays a few thousand rows. Pure, so it is tested on
 * synthetic samples.
 */
export interface UsagePoint {
  at: number;
  cpuPercent: number;
  memoryBytes: number;
  processCount: number;
  /** How many raw samples this point stands for (weights the averages). */
  sampleCount: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface Tier {
  resolutionSeconds: number;
  keepMs: number;
}

/** Rolled-up tiers; the raw tier's resolution is the sampling interval and it is kept a day. */
export const ROLLUP_TIERS: readonly Tier[] = [
  { resolutionSeconds: 60, keepMs: 7 * DAY },
  { resolutionSeconds: 900, keepMs: 90 * DAY },
  { resolutionSeconds: 3600, keepMs: 730 * DAY },
];
export const RAW_KEEP_MS = DAY;

export const RANGES = { hour: HOUR, day: DAY, week: 7 * DAY, month: 30 * DAY } as const;
export type UsageRange = keyof typeof RANGES;

/** The finest tier that still holds the whole range. */
export function tierForRange(range: UsageRange, rawResolutionSeconds: number): number {
  if (RANGES[range] <= RAW_KEEP_MS && range === "hour") return rawResolutionSeconds;
  return ROLLUP_TIERS.find((tier) => tier.keepMs >= RANGES[range] && RANGES[range] / (tier.resolutionSeconds * 1000) <= 1500)!
    .resolutionSeconds;
}

export function bucketStart(at: number, resolutionSeconds: number): number {
  const size = resolutionSeconds * 1000;
  return Math.floor(at / size) * size;
}

/** Averages points into buckets, weighting each by the raw samples it stands for. */
export function aggregate(points: readonly UsagePoint[], resolutionSeconds: number): UsagePoint[] {
  const buckets = new Map<number, UsagePoint>();
  for (const point of points) {
    const at = bucketStart(point.at, resolutionSeconds);
    const bucket = buckets.get(at) ?? { at, cpuPercent: 0, memoryBytes: 0, processCount: 0, sampleCount: 0 };
    const total = bucket.sampleCount + point.sampleCount;
    const mix = (a: number, b: number) => (a * bucket.sampleCount + b * point.sampleCount) / total;
    buckets.set(at, {
      at,
      cpuPercent: mix(bucket.cpuPercent, point.cpuPercent),
      memoryBytes: mix(bucket.memoryBytes, point.memoryBytes),
      processCount: mix(bucket.processCount, point.processCount),
      sampleCount: total,
    });
  }
  return [...buckets.values()].sort((a, b) => a.at - b.at);
}

/** Rows older than these cut-offs are deleted, per resolution. */
export function retentionCutoffs(now: number, rawResolutionSeconds: number): { resolutionSeconds: number; before: number }[] {
  return [
    { resolutionSeconds: rawResolutionSeconds, before: now - RAW_KEEP_MS },
    ...ROLLUP_TIERS.map((tier) => ({ resolutionSeconds: tier.resolutionSeconds, before: now - tier.keepMs })),
  ];
}
