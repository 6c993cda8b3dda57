import fs from "node:fs/promises";

/**
 * Where a recording left off, so that another web process (or this one, after its viewers left)
 * continues the same file instead of starting a second one or none: the session's output offset
 * the file has recorded up to, when it started, and its size.
 */
export interface RecordingEnd {
  startedMs: number;
  recordedEnd: number;
  bytes: number;
}

/** The marker event a continuation starts with; the offset makes the next continuation exact. */
export const continuedMarker = (offset: number) => `recording continued at output byte ${offset}`;
const MARKER = /^recording continued at output byte (\d+)$/;

interface Header {
  timestamp?: number;
  /** Stockade's own header keys (players ignore unknown keys): where output starts, and the exact start. */
  stockade?: { from?: number; startedMs?: number };
}

/** Output bytes of the events after the last continuation marker, added to that marker's offset (or the header's start). */
function endOf(header: Header, events: string[]): number {
  let end = header.stockade?.from ?? 0;
  for (const line of events) {
    const [, kind, text] = JSON.parse(line) as [number, string, string];
    const marker = kind === "m" ? MARKER.exec(text) : null;
    if (marker) end = Number(marker[1]);
    else if (kind === "o") end += Buffer.byteLength(text, "utf8");
  }
  return end;
}

/**
 * Reads a recording another writer left, and cuts a last line it did not finish (a process killed
 * mid-write) so that appended lines stay valid asciicast. Output is counted from its UTF-8 text:
 * invalid UTF-8 the shell wrote (recorded as U+FFFD) counts 3 bytes per bad byte.
 */
export async function readRecordingEnd(file: string): Promise<RecordingEnd> {
  const text = await fs.readFile(file, "utf8");
  const complete = text.slice(0, text.lastIndexOf("\n") + 1);
  if (complete.length !== text.length) await fs.truncate(file, Buffer.byteLength(complete));
  const [headerLine, ...events] = complete.split("\n").filter((line) => line !== "");
  const header = JSON.parse(headerLine ?? "{}") as Header;
  return {
    startedMs: header.stockade?.startedMs ?? (header.timestamp ?? 0) * 1000,
    recordedEnd: endOf(header, events),
    bytes: Buffer.byteLength(complete),
  };
}
