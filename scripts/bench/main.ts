import fs from "node:fs";
import path from "node:path";
import { Cleanup, formatTable, type Benchmark, type BenchRow } from "./harness";
import { agentBenchmark } from "./agent";
import { consoleBenchmark } from "./console";
import { containBenchmark } from "./contain";
import { fleetBenchmark } from "./fleet";
import { operateBenchmark } from "./operate";
import { overviewBenchmark } from "./overview";
import { procfsBenchmark } from "./procfs";
import { treeRenderBenchmark } from "./tree-render";
import { cellsOf, mergeResults } from "./results";
import { webLiveBenchmark } from "./web-live";

const README = path.resolve(import.meta.dirname, "..", "..", "README.md");

/**
 * Every benchmark, in run order. To add one, write scripts/bench/<name>.ts exporting a
 * `Benchmark` and list it here.
 */
const benchmarks: Benchmark[] = [
  procfsBenchmark,
  agentBenchmark,
  containBenchmark,
  operateBenchmark,
  webLiveBenchmark,
  treeRenderBenchmark,
  consoleBenchmark,
  overviewBenchmark,
  fleetBenchmark,
];

function parseArgs(argv: string[]): { names: string[]; runs: number; load: boolean; noWrite: boolean } {
  const names: string[] = [];
  let runs = 9;
  let load = false;
  let noWrite = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--runs") runs = Number(argv[++i]);
    else if (arg === "--load") load = true;
    else if (arg === "--no-write") noWrite = true;
    else if (arg === "--list") names.push("--list");
    else names.push(arg);
  }
  if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs takes a positive integer");
  return { names, runs, load, noWrite };
}

async function main(): Promise<number> {
  const { names, runs, load, noWrite } = parseArgs(process.argv.slice(2));
  if (names.includes("--list")) {
    for (const bench of benchmarks) console.log(`${bench.name}\t${bench.description}`);
    return 0;
  }
  const unknown = names.filter((name) => !benchmarks.some((bench) => bench.name === name));
  if (unknown.length > 0) throw new Error(`unknown benchmark(s): ${unknown.join(", ")} (try --list)`);
  const selected = benchmarks.filter((bench) => names.length === 0 || names.includes(bench.name));
  const cleanup = new Cleanup();
  onInterrupt(cleanup);
  const rows: BenchRow[] = [];
  try {
    for (const bench of selected) {
      console.log(`== ${bench.name}: ${bench.description}`);
      rows.push(...(await bench.run({ runs, load, cleanup, log: (message) => console.log(`   ${message}`) })));
      await cleanup.run();
    }
  } finally {
    await cleanup.run();
  }
  console.log(`\n${formatTable(rows)}\n(median of ${runs} runs on this machine)`);
  if (rows.length > 0 && !noWrite) {
    fs.writeFileSync(
      README,
      mergeResults(
        fs.readFileSync(README, "utf8"),
        rows.map((row) => cellsOf(row, new Date())),
      ),
    );
    console.log("README.md: bench block updated with these rows");
  }
  return rows.every((row) => row.ratio <= row.target) ? 0 : 1;
}

/** Ctrl-C or a kill still tears down what the benchmarks started, then exits. */
function onInterrupt(cleanup: Cleanup): void {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: cleaning up`);
      void cleanup.interrupt().finally(() => process.exit(130));
    });
  }
  process.once("exit", () => cleanup.killNow());
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
