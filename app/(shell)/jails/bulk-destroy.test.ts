import { describe, expect, it } from "vitest";
import { confirmsBulkDestroy } from "./bulk-destroy";

describe("confirming a bulk destroy", () => {
  it("takes the number of jails typed, and nothing else", () => {
    expect(confirmsBulkDestroy("2", 2)).toBe(true);
    expect(confirmsBulkDestroy(" 2 ", 2)).toBe(true);
    expect(confirmsBulkDestroy("", 2)).toBe(false);
    expect(confirmsBulkDestroy("3", 2)).toBe(false);
    expect(confirmsBulkDestroy("two", 2)).toBe(false);
    expect(confirmsBulkDestroy("0", 0)).toBe(false);
  });
});
