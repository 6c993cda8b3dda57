/** An asciicast v2 recording, parsed: output events with their times (input and resizes kept apart). */
export interface Cast {
  width: number;
  height: number;
  title: string;
  output: { t: number; text: string }[];
  input: { t: number; text: string }[];
  duration: number;
}

export function parseCast(text: string): Cast {
  const [headerLine, ...lines] = text.split("\n").filter((line) => line.trim() !== "");
  const header = JSON.parse(headerLine ?? "{}") as { width?: number; height?: number; title?: string };
  const cast: Cast = {
    width: header.width ?? 80,
    height: header.height ?? 24,
    title: header.title ?? "",
    output: [],
    input: [],
    duration: 0,
  };
  for (const line of lines) {
    const [t, kind, data] = JSON.parse(line) as [number, string, string];
    if (kind === "o") cast.output.push({ t, text: data });
    else if (kind === "i") cast.input.push({ t, text: data });
    cast.duration = Math.max(cast.duration, t);
  }
  return cast;
}

/** Index of the first output event after `t` seconds. */
export function outputIndexAt(cast: Cast, t: number): number {
  let lo = 0;
  let hi = cast.output.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cast.output[mid]!.t <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
