/** One line of the results table: ours against a baseline, passing when ratio ≤ target. */
export interface BenchRow {
  measurement: string;
  unit: string;
  ours: number;
  baseline: number;
  /** Median of the per-run ratios ours / baseline. */
  ratio: number;
  /** The highest acceptable ratio. */
  target: number;
}

export interface BenchContext {
  /** How many measured runs each measurement should take (the median is reported). */
  runs: number;
  cleanup: Cleanup;
  log(message: string): void;
}

/** A benchmark module: sets up what it needs, registers its teardown, returns its rows. */
export interface Benchmark {
  name: string;
  description: string;
  run(context: BenchContext): Promise<BenchRow[]>;
}

/**
 * Teardown steps run last-registered first, once, whether the run ends normally, throws, or is
 * interrupted; `killNow` holds the synchronous part (signalling our own pids) for a crash exit.
 */
export class Cleanup {
  private readonly steps: (() => Promise<void>)[] = [];
  private readonly syncSteps: (() => void)[] = [];

  add(step: () => Promise<void>, syncStep?: () => void): void {
    this.steps.push(step);
    if (syncStep) this.syncSteps.push(syncStep);
  }

  async run(): Promise<void> {
    while (this.steps.length > 0) {
      const step = this.steps.pop();
      await step?.().catch((error: unknown) => console.error("cleanup step failed:", error));
    }
    this.syncSteps.length = 0;
  }

  killNow(): void {
    for (const step of this.syncSteps.splice(0)) step();
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Times `runs` interleaved pairs and reduces them to a row. */
export async function compare(
  measurement: string,
  target: number,
  runs: number,
  ours: () => Promise<number>,
  baseline: () => Promise<number>,
): Promise<BenchRow> {
  const oursMs: number[] = [];
  const baselineMs: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < runs; i++) {
    const b = await baseline();
    const o = await ours();
    baselineMs.push(b);
    oursMs.push(o);
    ratios.push(o / b);
  }
  return { measurement, unit: "ms", ours: median(oursMs), baseline: median(baselineMs), ratio: median(ratios), target };
}

export function formatTable(rows: BenchRow[]): string {
  const header = ["measurement", "ours", "baseline", "ratio", "target", "result"];
  const lines = rows.map((row) => [
    row.measurement,
    `${row.ours.toFixed(1)} ${row.unit}`,
    `${row.baseline.toFixed(1)} ${row.unit}`,
    `${row.ratio.toFixed(2)}×`,
    `≤ ${row.target}×`,
    row.ratio <= row.target ? "pass" : "FAIL",
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]?.length ?? 0)));
  const format = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("  ");
  return [format(header), widths.map((width) => "-".repeat(width)).join("  "), ...lines.map(format)].join("\n");
}
