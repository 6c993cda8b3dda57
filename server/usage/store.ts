import type { UsageReport } from "@/server/agent/protocol";
import type { Db } from "@/server/db/types";
import { aggregate, bucketStart, retentionCutoffs, ROLLUP_TIERS, type UsagePoint } from "./tiers";

/** The host's own series is stored under the empty jail name. */
export const HOST_SERIES = "";

export async function recordReport(db: Db, hostId: string, report: UsageReport, rawResolutionSeconds: number): Promise<void> {
  const at = new Date(report.takenAt);
  const rows = [report.host, ...report.jails].map((usage) => ({
    hostId,
    jail: usage.jail ?? HOST_SERIES,
    resolution: rawResolutionSeconds,
    at,
    cpuPercent: usage.cpuPercent,
    memoryBytes: usage.memoryBytes,
    processCount: usage.processCount,
  }));
  await db.usageSample.createMany({ data: rows });
}

const toPoint = (row: { at: Date; cpuPercent: number; memoryBytes: number; processCount: number; sampleCount: number }): UsagePoint => ({
  at: row.at.getTime(),
  cpuPercent: row.cpuPercent,
  memoryBytes: row.memoryBytes,
  processCount: row.processCount,
  sampleCount: row.sampleCount,
});

/** Folds every complete bucket of the finer tier that the coarser one lacks. */
async function rollupTier(db: Db, fine: number, coarse: number, now: number): Promise<void> {
  const latest = await db.usageSample.findFirst({ where: { resolution: coarse }, orderBy: { at: "desc" } });
  const from = latest ? latest.at.getTime() + coarse * 1000 : 0;
  const until = bucketStart(now, coarse);
  if (from >= until) return;
  const rows = await db.usageSample.findMany({ where: { resolution: fine, at: { gte: new Date(from), lt: new Date(until) } } });
  const series = new Map<string, typeof rows>();
  for (const row of rows) {
    const key = `${row.hostId}\u0000${row.jail}`;
    const group = series.get(key);
    if (group) group.push(row);
    else series.set(key, [row]);
  }
  const data = [...series.values()].flatMap((group) =>
    aggregate(group.map(toPoint), coarse).map((point) => ({
      hostId: group[0]!.hostId,
      jail: group[0]!.jail,
      resolution: coarse,
      at: new Date(point.at),
      cpuPercent: point.cpuPercent,
      memoryBytes: point.memoryBytes,
      processCount: point.processCount,
      sampleCount: point.sampleCount,
    })),
  );
  if (data.length > 0) await db.usageSample.createMany({ data });
}

export async function rollup(db: Db, rawResolutionSeconds: number, now: number): Promise<void> {
  let fine = rawResolutionSeconds;
  for (const tier of ROLLUP_TIERS) {
    await rollupTier(db, fine, tier.resolutionSeconds, now);
    fine = tier.resolutionSeconds;
  }
}

export async function prune(db: Db, rawResolutionSeconds: number, now: number): Promise<void> {
  for (const cutoff of retentionCutoffs(now, rawResolutionSeconds)) {
    await db.usageSample.deleteMany({ where: { resolution: cutoff.resolutionSeconds, at: { lt: new Date(cutoff.before) } } });
  }
}

export async function readSeries(db: Db, hostId: string, jail: string, resolutionSeconds: number, since: number): Promise<UsagePoint[]> {
  const rows = await db.usageSample.findMany({
    where: { hostId, jail, resolution: resolutionSeconds, at: { gte: new Date(since) } },
    orderBy: { at: "asc" },
  });
  return rows.map(toPoint);
}

/**
 * A chart's points at the range's tier, with the newest part (not rolled up yet) folded
 * from the raw samples on the fly, so a jail made a minute ago already has a chart.
 */
export async function readHistory(
  db: Db,
  query: { hostId: string; jail: string; resolutionSeconds: number; rawResolutionSeconds: number; since: number },
): Promise<UsagePoint[]> {
  const points = await readSeries(db, query.hostId, query.jail, query.resolutionSeconds, query.since);
  if (query.resolutionSeconds === query.rawResolutionSeconds) return points;
  const last = points.at(-1);
  const tailFrom = last ? last.at + query.resolutionSeconds * 1000 : query.since;
  const raw = await readSeries(db, query.hostId, query.jail, query.rawResolutionSeconds, tailFrom);
  return [...points, ...aggregate(raw, query.resolutionSeconds)];
}
