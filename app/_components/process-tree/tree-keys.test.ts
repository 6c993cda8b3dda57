import { describe, expect, it } from "vitest";
import { keyAction } from "./tree-keys";
import type { TreeRow } from "./tree-view";

const row = (key: string, level: number, hasChildren = false, expanded = true) =>
  ({ key, level, hasChildren, expanded, node: null }) as unknown as TreeRow;
const rows = [row("a", 1, true), row("b", 2, true, false), row("c", 2), row("d", 1)];

describe("keyAction", () => {
  it("moves with arrows, pages, Home and End, clamped to the list", () => {
    expect(keyAction("ArrowDown", rows, null, 10)).toEqual({ kind: "select", key: "a" });
    expect(keyAction("ArrowDown", rows, "d", 10)).toEqual({ kind: "select", key: "d" });
    expect(keyAction("ArrowUp", rows, "c", 10)).toEqual({ kind: "select", key: "b" });
    expect(keyAction("PageDown", rows, "a", 2)).toEqual({ kind: "select", key: "c" });
    expect(keyAction("PageUp", rows, "c", 10)).toEqual({ kind: "select", key: "a" });
    expect(keyAction("End", rows, "a", 10)).toEqual({ kind: "select", key: "d" });
    expect(keyAction("Home", rows, "d", 10)).toEqual({ kind: "select", key: "a" });
  });

  it("expands, collapses and climbs to the parent", () => {
    expect(keyAction("ArrowRight", rows, "b", 10)).toEqual({ kind: "expand", key: "b", expanded: true });
    expect(keyAction("ArrowRight", rows, "a", 10)).toEqual({ kind: "select", key: "b" });
    expect(keyAction("ArrowLeft", rows, "a", 10)).toEqual({ kind: "expand", key: "a", expanded: false });
    expect(keyAction("ArrowLeft", rows, "c", 10)).toEqual({ kind: "select", key: "a" });
    expect(keyAction("ArrowRight", rows, "c", 10)).toBeNull();
  });

  it("opens with Enter and closes with Escape", () => {
    expect(keyAction("Enter", rows, "c", 10)).toEqual({ kind: "open", key: "c" });
    expect(keyAction("Enter", rows, null, 10)).toBeNull();
    expect(keyAction("Escape", rows, "c", 10)).toEqual({ kind: "close" });
    expect(keyAction("x", rows, "c", 10)).toBeNull();
  });
});
