import { describe, expect, it } from "vitest";
import { outputIndexAt, parseCast } from "./cast";

const cast = [
  JSON.stringify({ version: 2, width: 100, height: 30, timestamp: 1, title: "web1 — op" }),
  JSON.stringify([0.1, "o", "$ "]),
  JSON.stringify([0.5, "i", "ls\r"]),
  JSON.stringify([0.6, "o", "a b\r\n"]),
  JSON.stringify([1.5, "r", "90x20"]),
  JSON.stringify([2.0, "o", "$ "]),
  "",
].join("\n");

describe("parseCast", () => {
  it("reads the header, output and input events, and the duration", () => {
    const parsed = parseCast(cast);
    expect(parsed).toMatchObject({ width: 100, height: 30, title: "web1 — op", duration: 2 });
    expect(parsed.output.map((e) => e.text)).toEqual(["$ ", "a b\r\n", "$ "]);
    expect(parsed.input).toEqual([{ t: 0.5, text: "ls\r" }]);
  });

  it("finds where output stands at a time, for seeking", () => {
    const parsed = parseCast(cast);
    expect([outputIndexAt(parsed, 0), outputIndexAt(parsed, 0.6), outputIndexAt(parsed, 1.9), outputIndexAt(parsed, 9)]).toEqual([
      0, 2, 2, 3,
    ]);
  });
});
