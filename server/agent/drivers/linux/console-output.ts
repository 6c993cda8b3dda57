import { open, rm, stat } from "node:fs/promises";
import { StringDecoder } from "node:string_decoder";

const CHUNK_BYTES = 64 * 1024;

export interface FileFollower {
  /** Reads what is left, then stops. */
  stop(): Promise<void>;
  /** Resolves once the file has not grown for quietMs (or maxMs passed), then stops. */
  stopWhenQuiet(quietMs: number, maxMs: number): Promise<void>;
}

/**
 * Follows a growing file from `offset` (LXC's console log of a jail), handing each new
 * chunk of text to onData. Polling: the file is written by LXC's monitor process, and
 * a missing file just means nothing was written yet.
 */
export function followFile(file: string, offset: number, onData: (text: string) => void, intervalMs = 100): FileFollower {
  const decoder = new StringDecoder("utf8");
  let position = offset;
  let grewAt = Date.now();
  let reading: Promise<void> = Promise.resolve();
  const readNew = async () => {
    const handle = await open(file, "r").catch(() => null);
    if (!handle) return;
    try {
      for (let buffer = Buffer.alloc(CHUNK_BYTES); ;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
        if (bytesRead === 0) return;
        position += bytesRead;
        grewAt = Date.now();
        const text = decoder.write(buffer.subarray(0, bytesRead));
        if (text) onData(text);
      }
    } finally {
      await handle.close();
    }
  };
  const tick = () => (reading = reading.then(readNew).catch(() => undefined));
  const timer = setInterval(tick, intervalMs);
  const stop = async () => {
    clearInterval(timer);
    await tick();
  };
  return {
    stop,
    async stopWhenQuiet(quietMs, maxMs) {
      const until = Date.now() + maxMs;
      while (Date.now() - grewAt < quietMs && Date.now() < until) await new Promise((r) => setTimeout(r, intervalMs));
      await stop();
    },
  };
}

export const fileSize = (file: string): Promise<number> =>
  stat(file).then(
    (s) => s.size,
    () => 0,
  );

export const removeFile = (file: string) => rm(file, { force: true });
