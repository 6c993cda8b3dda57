/**
 * The README's figures are the bench's own output: each run rewrites its rows in the block
 * between the markers (a row per measurement, the others kept), with the day it ran and the
 * machine's load beside it, so no figure in the README is typed by hand.
 */
import os from "node:os";
import type { BenchRow } from "./harness";

export const BEGIN = "<!-- bench:begin (written by npm run bench; do not edit) -->";
export const END = "<!-- bench:end -->";
const HEADER = ["measurement", "ours", "baseline", "ratio", "target", "result", "measured"];

/** One README table row's cells, in HEADER order. */
export type ResultCells = string[];

export function cellsOf(row: BenchRow, when: Date, load = os.loadavg()[0] ?? 0): ResultCells {
  const judged = Number.isFinite(row.target);
  return [
    row.measurement,
    `${row.ours.toFixed(1)} ${row.unit}`,
    `${row.baseline.toFixed(1)} ${row.unit}`,
    `${row.ratio.toFixed(2)}×`,
    judged ? `≤ ${row.target}×` : "reported",
    !judged ? "—" : row.ratio <= row.target ? "pass" : "FAIL",
    `${when.toISOString().slice(0, 10)}, load ${load.toFixed(1)}`,
  ];
}

const line = (cells: string[]) => `| ${cells.map((cell) => cell.replace(/\|/g, "\\|")).join(" | ")} |`;

export function renderBlock(rows: ResultCells[]): string {
  return [BEGIN, line(HEADER), line(HEADER.map(() => "---")), ...rows.map(line), END].join("\n");
}

/** The rows of the README's block; throws when the block is missing or a row is malformed. */
export function parseBlock(readme: string): ResultCells[] {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start || readme.indexOf(BEGIN, start + 1) >= 0) throw new Error("README: no single bench block");
  const lines = readme
    .slice(start + BEGIN.length, end)
    .trim()
    .split("\n");
  if (lines[0] !== line(HEADER) || lines[1] !== line(HEADER.map(() => "---"))) throw new Error("README: bench block header");
  return lines.slice(2).map((text) => {
    const cells = text
      .slice(2, -2)
      .split(/(?<!\\) \| /)
      .map((cell) => cell.replace(/\\\|/g, "|"));
    if (cells.length !== HEADER.length || !text.startsWith("| ") || !text.endsWith(" |")) throw new Error(`README: bench row "${text}"`);
    return cells;
  });
}

/** The README with this run's rows replacing those of the same measurement; new ones go last. */
export function mergeResults(readme: string, fresh: ResultCells[]): string {
  const rows = parseBlock(readme);
  for (const cells of fresh) {
    const at = rows.findIndex((row) => row[0] === cells[0]);
    if (at >= 0) rows[at] = cells;
    else rows.push(cells);
  }
  const start = readme.indexOf(BEGIN);
  return readme.slice(0, start) + renderBlock(rows) + readme.slice(readme.indexOf(END) + END.length);
}
