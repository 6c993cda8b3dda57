import { describe, expect, it } from "vitest";
import { sparklinePoints } from "./sparkline";

describe("sparklinePoints", () => {
  it("spreads points over the width and scales to the maximum", () => {
    expect(sparklinePoints([0, 5, 10], 100, 12)).toBe("0.0,11.0 50.0,7.0 100.0,3.0");
  });

  it("honours a fixed maximum and clamps negatives", () => {
    expect(sparklinePoints([-1, 50], 10, 12, 100)).toBe("0.0,11.0 10.0,6.0");
  });

  it("draws nothing for no values and a flat line for zeros", () => {
    expect(sparklinePoints([], 10, 10)).toBe("");
    expect(sparklinePoints([0, 0], 10, 10)).toBe("0.0,9.0 10.0,9.0");
  });
});
