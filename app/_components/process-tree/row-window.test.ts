import { describe, expect, it } from "vitest";
import { ROW_HEIGHT } from "./columns";
import { rowWindow, scrollToShow } from "./row-window";

describe("row window", () => {
  it("draws the rows in view and twelve beyond each edge, within the list", () => {
    // 704 px: the header and 24.1 rows, so 25 rows are (partly) in view.
    expect(rowWindow(5000, 0, 704)).toEqual({ start: 0, end: 25 + 12 });
    expect(rowWindow(5000, ROW_HEIGHT * 101, 10 * ROW_HEIGHT)).toEqual({ start: 100 - 12, end: 110 + 12 });
    expect(rowWindow(30, ROW_HEIGHT * 101, 10 * ROW_HEIGHT)).toEqual({ start: 88, end: 30 });
    expect(rowWindow(0, 0, 704)).toEqual({ start: 0, end: 0 });
  });

  it("scrolls a row into view below the sticky header, and not at all when it is shown", () => {
    const height = 10 * ROW_HEIGHT;
    expect(scrollToShow(3, 0, height)).toBeNull();
    // Row 9 ends at 11 rows (header included): one row past a 10-row view.
    expect(scrollToShow(9, 0, height)).toBe(ROW_HEIGHT);
    expect(scrollToShow(5, ROW_HEIGHT * 6, height)).toBe(ROW_HEIGHT * 5);
  });
});
