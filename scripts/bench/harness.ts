/** One line of the results table: ours against a baseline, passing when ratio ≤ target. */
export interface BenchRow {
  measurement: string;
  unit: string;
  ours: number;
  baseline: number;
  /** Median of the per-run ratios ours / baseline. */
  ratio: number;
  /** The highest acceptable ratio; Infinity for a figure that is reported, not judged. */
  target: number;
}

export interface BenchContext {
  /** How many measured runs each measurement should take (the median is reported). */
  runs: number;
  /** `--load`: benches that support it run with busy-loop processes beside them (a loaded host). */
  load: boolean;
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
 * interrupted. `killNow` holds synchronous kills of our own pids for the process exit hook, so
 * even children spawned while an interrupt was being handled do not outlive the bench.
 */
export class Cleanup {
  private readonly steps: (() => Promise<void>)[] = [];
  private readonly syncSteps: (() => void)[] = [];
  private readonly pending = new Set<Promise<unknown>>();
  private stopped = false;
  private running: Promise<void> | null = null;

  /** True once interrupted: setup loops stop starting things. */
  get interrupted(): boolean {
    return this.stopped;
  }

  add(step: () => Promise<void>, syncStep?: () => void): void {
    this.steps.push(step);
    if (syncStep) this.syncSteps.push(syncStep);
  }

  /** Registers `teardown` for what `setup` yields, even if we are interrupted while it runs. */
  adopt<T>(setup: () => Promise<T>, teardown: (value: T) => Promise<void>): Promise<T> {
    if (this.stopped) return Promise.reject(new Error("interrupted"));
    const adopted = setup().then((value) => {
      this.add(() => teardown(value));
      return value;
    });
    const settled = adopted.catch(() => undefined).finally(() => this.pending.delete(settled));
    this.pending.add(settled);
    return adopted;
  }

  /** Concurrent callers (an interrupt during the normal teardown) share one pass. */
  run(): Promise<void> {
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
    while (this.steps.length > 0) {
      const step = this.steps.pop();
      await step?.().catch((error: unknown) => console.error("cleanup step failed:", error));
    }
  }

  async interrupt(): Promise<void> {
    this.stopped = true;
    await this.run();
  }

  killNow(): void {
    for (const step of this.syncSteps) step();
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
    Number.isFinite(row.target) ? `≤ ${row.target}×` : "reported",
    !Number.isFinite(row.target) ? "—" : row.ratio <= row.target ? "pass" : "FAIL",
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]?.length ?? 0)));
  const format = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("  ");
  return [format(header), widths.map((width) => "-".repeat(width)).join("  "), ...lines.map(format)].join("\n");
}
