import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cellsOf, mergeResults, parseBlock, renderBlock } from "./results";

const README = fs.readFileSync(path.join(import.meta.dirname, "..", "..", "README.md"), "utf8");
const row = (measurement: string, ours: number) => ({ measurement, unit: "ms", ours, baseline: 100, ratio: ours / 100, target: 1 });
const when = new Date("2026-12-02T12:00:00Z");

describe("the README's bench block", () => {
  it("is one block of rows in the bench's own format (written by npm run bench, not typed)", () => {
    const rows = parseBlock(README);
    expect(rows.length).toBeGreaterThan(0);
    for (const cells of rows) {
      expect(cells[1]).toMatch(/^\d+\.\d \S+$/);
      expect(cells[3]).toMatch(/^\d+\.\d\d×$/);
      expect(cells[5]).toMatch(/^(pass|FAIL|—)$/);
      expect(cells[6]).toMatch(/^\d{4}-\d\d-\d\d, load \d+\.\d$/);
    }
    expect(renderBlock(rows)).toBe(README.slice(README.indexOf("<!-- bench:begin"), README.indexOf("<!-- bench:end -->") + 18));
  });

  it("takes a run's rows in place of the same measurements and keeps the others", () => {
    const before = `intro\n${renderBlock([cellsOf(row("a", 50), when, 1), cellsOf(row("b", 150), when, 1)])}\nafter\n`;
    const after = mergeResults(before, [cellsOf(row("b", 90), when, 2.5), cellsOf(row("c | d", 10), when, 2.5)]);
    expect(parseBlock(after).map((cells) => [cells[0], cells[1], cells[5], cells[6]])).toEqual([
      ["a", "50.0 ms", "pass", "2026-12-02, load 1.0"],
      ["b", "90.0 ms", "pass", "2026-12-02, load 2.5"],
      ["c | d", "10.0 ms", "pass", "2026-12-02, load 2.5"],
    ]);
    expect(after.startsWith("intro\n") && after.endsWith("\nafter\n")).toBe(true);
  });
});
