import { describe, expect, it } from "vitest";
import { consecutiveFree } from "./addresses";

describe("consecutiveFree", () => {
  it("starts after the gateway in an empty pool", () => {
    expect(consecutiveFree("10.213.0.0/24", ["10.213.0.1"], 3)).toEqual(["10.213.0.2", "10.213.0.3", "10.213.0.4"]);
  });

  it("skips a run broken by a taken address", () => {
    expect(consecutiveFree("10.0.0.0/28", ["10.0.0.1", "10.0.0.4"], 3)).toEqual(["10.0.0.5", "10.0.0.6", "10.0.0.7"]);
  });

  it("never hands out the broadcast address, and says when the pool has no run long enough", () => {
    expect(consecutiveFree("10.0.0.0/29", ["10.0.0.1"], 5)).toEqual(["10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6"]);
    expect(consecutiveFree("10.0.0.0/29", ["10.0.0.1"], 6)).toBeNull();
  });

  it("reads a pool written with host bits set", () => {
    expect(consecutiveFree("192.168.7.77/30", [], 2)).toEqual(["192.168.7.77", "192.168.7.78"]);
  });
});
