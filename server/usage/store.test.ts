import { afterAll, describe, expect, it } from "vitest";
import type { Usage, UsageReport } from "@/server/agent/protocol";

const { openFreshDatabase } = await import("@/server/api/test-support/database");
const database = await openFreshDatabase();
const { db } = await import("@/server/db/prisma");
const { prune, readHistory, readSeries, recordReport, rollup } = await import("./store");

afterAll(() => database.cleanup());

const usage = (jail: string | null, cpuPercent: number): Usage => ({
  jail,
  cpuSeconds: 0,
  cpuPercent,
  memoryBytes: cpuPercent * 1_000_000,
  memoryLimitBytes: null,
  processCount: 3,
  processLimit: null,
  oomKills: 0,
  refusedForks: 0,
});
const report = (takenAt: number, cpu: number): UsageReport => ({ takenAt, host: usage(null, cpu * 2), jails: [usage("web1", cpu)] });

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const start = Date.UTC(2026, 0, 1);

describe("usage history store", () => {
  it("rolls 5-second samples up into minute, quarter-hour and hour buckets", async () => {
    // Three hours of samples every 5 s whose CPU is the minute number within the hour.
    for (let at = start; at < start + 3 * HOUR; at += 5_000)
      await recordReport(db(), "local", report(at, Math.floor((at - start) / MINUTE) % 60), 5);
    await rollup(db(), 5, start + 3 * HOUR);
    const minutes = await readSeries(db(), "local", "web1", 60, start);
    expect(minutes).toHaveLength(180);
    expect(minutes[7]).toMatchObject({ at: start + 7 * MINUTE, cpuPercent: 7, sampleCount: 12 });
    const quarters = await readSeries(db(), "local", "web1", 900, start);
    expect(quarters).toHaveLength(12);
    expect(quarters[1]).toMatchObject({ cpuPercent: 22, sampleCount: 180 });
    const hours = await readSeries(db(), "local", "web1", 3600, start);
    expect(hours.map((point) => point.cpuPercent)).toEqual([29.5, 29.5, 29.5]);
    expect((await readSeries(db(), "local", "", 3600, start))[0]?.cpuPercent).toBe(59);
  });

  it("does not fold a bucket twice when rollup runs again", async () => {
    await rollup(db(), 5, start + 3 * HOUR + 30_000);
    expect(await readSeries(db(), "local", "web1", 60, start)).toHaveLength(180);
  });

  it("adds the newest raw samples, not rolled up yet, to a coarse chart", async () => {
    await recordReport(db(), "local", report(start + 3 * HOUR + 10_000, 90), 5);
    const points = await readHistory(db(), { hostId: "local", jail: "web1", resolutionSeconds: 60, rawResolutionSeconds: 5, since: start });
    expect(points.at(-1)).toMatchObject({ at: start + 3 * HOUR, cpuPercent: 90 });
  });

  it("deletes each tier past its retention and keeps the rest", async () => {
    await prune(db(), 5, start + DAY + 2 * HOUR);
    const raw = await readSeries(db(), "local", "web1", 5, 0);
    expect(raw[0]!.at).toBeGreaterThanOrEqual(start + 2 * HOUR);
    expect(await readSeries(db(), "local", "web1", 60, 0)).toHaveLength(180);
    await prune(db(), 5, start + 8 * DAY);
    expect(await readSeries(db(), "local", "web1", 60, 0)).toHaveLength(0);
    expect(await readSeries(db(), "local", "web1", 3600, 0)).toHaveLength(3);
    await prune(db(), 5, start + 731 * DAY);
    expect(await readSeries(db(), "local", "web1", 3600, 0)).toHaveLength(0);
  });
});
