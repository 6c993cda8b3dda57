import { describe, expect, it } from "vitest";
import { isKernelThread, parseStat } from "./stat";
import { parseStatus } from "./status";

const parse = (line: string) => parseStat(Buffer.from(line), Buffer.byteLength(line));

describe("parseStat", () => {
  it("counts fields from the last parenthesis, whatever comm holds", () => {
    const line =
      "4242 (we ird) (x) 1) R 17 1 1 0 -1 4194560 5 0 0 0 250 50 0 0 20 0 1 0 9000 1000 77 18446744073709551615 1 2 140724000000000 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 3 4 5 140724000000100 140724000000200 7 8 0\n";
    expect(parse(line)).toEqual({
      comm: "we ird) (x) 1",
      state: "R",
      ppid: 17,
      flags: 4194560,
      cpuTicks: 300,
      startTicks: 9000,
      rssPages: 77,
      stackStart: 140724000000000,
      argStart: 140724000000100,
      argEnd: 140724000000200,
    });
  });

  it("recognizes kernel threads by PF_KTHREAD", () => {
    const stat = parse(
      "2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 2 0 0 18446744073709551615 0 0 0 0 0 0 0 2147483647 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n",
    );
    expect(stat !== null && isKernelThread(stat)).toBe(true);
  });

  it("returns the known comm while the bytes spell it, and decodes anything else", () => {
    const tail = " S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 50 0 9 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n";
    const known = "sleep";
    expect(parseStat(Buffer.from(`7 (sleep)${tail}`), 7 + 7 + tail.length, known)?.comm).toBe(known);
    expect(parseStat(Buffer.from(`7 (sleeq)${tail}`), 7 + 7 + tail.length, known)?.comm).toBe("sleeq");
    const utf8 = Buffer.from(`7 (café)${tail}`);
    expect(parseStat(utf8, utf8.length, "café")?.comm).toBe("café");
  });

  it("rejects a truncated or foreign line", () => {
    expect(parse("12 (sh) S 1 2 3")).toBeNull();
    expect(parse("")).toBeNull();
  });
});

describe("parseStatus", () => {
  it("takes the effective uid and every NSpid level", () => {
    expect(parseStatus("Name:\tsleep\nUid:\t1000\t33\t33\t33\nNSpid:\t5123\t8\n")).toEqual({ uid: 33, nspid: [5123, 8] });
  });

  it("tolerates kernels without NSpid", () => {
    expect(parseStatus("Name:\tsh\nUid:\t0\t0\t0\t0\n")).toEqual({ uid: 0, nspid: [] });
  });
});
