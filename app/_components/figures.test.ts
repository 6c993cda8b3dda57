import { describe, expect, it } from "vitest";
import { FIGURES, formatCpus } from "./figures";

describe("figures", () => {
  it("says host CPU as CPUs in use out of the CPUs there are, never 200 %", () => {
    expect(formatCpus(200, 2)).toBe("2.00 of 2 CPUs");
    expect(formatCpus(42, 2)).toBe("0.42 of 2 CPUs");
    expect(formatCpus(50)).toBe("0.50 CPUs");
    expect(formatCpus(1600, 16)).toBe("16 of 16 CPUs");
  });

  it("tells the jail's cgroup memory and its processes' RSS sum apart, each saying where it comes from", () => {
    expect(FIGURES.jailMemory.label).not.toBe(FIGURES.jailRssSum.label);
    expect(FIGURES.jailMemory.source).toMatch(/memory\.current/);
    expect(FIGURES.jailRssSum.source).toMatch(/RSS/);
    for (const figure of Object.values(FIGURES)) expect(figure.source.length).toBeGreaterThan(20);
  });
});
