import { describe, expect, it } from "vitest";
import { formatBytes, formatDuration, formatPercent, formatStarted } from "./format";

describe("formats", () => {
  it("writes bytes in binary units", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(268_435_456)).toBe("256 MiB");
    expect(formatBytes(8 * 1024 ** 3)).toBe("8.0 GiB");
  });

  it("writes percentages with one decimal below 100", () => {
    expect(formatPercent(2.34)).toBe("2.3%");
    expect(formatPercent(250)).toBe("250%");
  });

  it("writes a start time as a clock today and a date before", () => {
    const now = new Date(2025, 2, 1, 12, 0).getTime();
    expect(formatStarted(new Date(2025, 2, 1, 9, 5).getTime(), now)).toBe("09:05");
    expect(formatStarted(new Date(2025, 1, 27, 9, 5).getTime(), now)).toBe("Feb 27");
  });

  it("writes durations in the largest sensible unit", () => {
    expect(formatDuration(5 * 60_000)).toBe("5 min");
    expect(formatDuration(125 * 60_000)).toBe("2 h 5 min");
    expect(formatDuration(3 * 86_400_000)).toBe("3 days");
  });
});
