import type { TreeRow } from "./tree-view";

export type KeyAction =
  { kind: "select"; key: string } | { kind: "expand"; key: string; expanded: boolean } | { kind: "open"; key: string } | { kind: "close" };

/** Treegrid keys (WAI-ARIA): arrows move and fold, Home/End and Page keys jump, Enter opens. */
export function keyAction(key: string, rows: TreeRow[], selected: string | null, pageSize: number): KeyAction | null {
  const index = selected === null ? -1 : rows.findIndex((row) => row.key === selected);
  const row = rows[index];
  const at = (i: number): KeyAction | null => {
    const target = rows[Math.max(0, Math.min(rows.length - 1, i))];
    return target ? { kind: "select", key: target.key } : null;
  };
  switch (key) {
    case "ArrowDown":
      return at(index + 1);
    case "ArrowUp":
      return at(index <= 0 ? 0 : index - 1);
    case "PageDown":
      return at(index + pageSize);
    case "PageUp":
      return at(index - pageSize);
    case "Home":
      return at(0);
    case "End":
      return at(rows.length - 1);
    case "Escape":
      return { kind: "close" };
  }
  if (!row) return null;
  switch (key) {
    case "Enter":
      return { kind: "open", key: row.key };
    case "ArrowRight":
      if (row.hasChildren && !row.expanded) return { kind: "expand", key: row.key, expanded: true };
      return row.hasChildren ? at(index + 1) : null;
    case "ArrowLeft":
      if (row.hasChildren && row.expanded) return { kind: "expand", key: row.key, expanded: false };
      return parentAction(rows, index);
  }
  return null;
}

function parentAction(rows: TreeRow[], index: number): KeyAction | null {
  const level = rows[index]?.level ?? 1;
  for (let i = index - 1; i >= 0; i--) {
    const candidate = rows[i];
    if (candidate && candidate.level < level) return { kind: "select", key: candidate.key };
  }
  return null;
}
