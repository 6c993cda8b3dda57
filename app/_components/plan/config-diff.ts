/** A jail's configuration before and after a plan, as lines marked added, removed or kept (pure). */
import { diffLines } from "diff";

export interface DiffLine {
  kind: "add" | "remove" | "same";
  text: string;
}

export function configDiff(before: string | null, after: string | null): DiffLine[] {
  const lines: DiffLine[] = [];
  for (const part of diffLines(before ?? "", after ?? "")) {
    const kind = part.added ? "add" : part.removed ? "remove" : "same";
    const text = part.value.endsWith("\n") ? part.value.slice(0, -1) : part.value;
    for (const line of text.split("\n")) lines.push({ kind, text: line });
  }
  return lines.filter((line, index) => !(line.text === "" && line.kind === "same" && index === lines.length - 1));
}

/** "+ 2 − 1" for a heading; equal configurations say so. */
export function diffSummary(lines: DiffLine[]): string {
  const added = lines.filter((l) => l.kind === "add").length;
  const removed = lines.filter((l) => l.kind === "remove").length;
  return added + removed === 0 ? "no change" : `${added} line${added === 1 ? "" : "s"} added, ${removed} removed`;
}
