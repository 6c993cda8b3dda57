import fs from "node:fs/promises";
import path from "node:path";
import { consoleSessionIdSchema } from "@/server/agent/protocol/streams";
import { LOCAL_HOST_ID } from "@/shared/host-id";

/** Recordings live under the data folder, one asciicast file per console session. */
export const recordingsDir = (dataDir: string) => path.join(dataDir, "recordings");

export function recordingFile(dir: string, sessionId: string): string {
  return path.join(dir, `${consoleSessionIdSchema.parse(sessionId)}.cast`);
}

/** The browser's address of a session's recording on its host (linked from its audit event; `?host=` as every host page). */
export function recordingHref(jail: string, sessionId: string, hostId: string): string {
  const href = `/console/recordings/${encodeURIComponent(jail)}/${sessionId}`;
  return hostId === LOCAL_HOST_ID ? href : `${href}?host=${encodeURIComponent(hostId)}`;
}

/** Deletes recordings older than the retention; answers how many went. */
export async function sweepRecordings(dir: string, retentionDays: number, now = Date.now()): Promise<number> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names.filter((n) => n.endsWith(".cast"))) {
    const file = path.join(dir, name);
    const stat = await fs.stat(file).catch(() => null);
    if (stat && now - stat.mtimeMs > retentionDays * 86_400_000) {
      await fs.rm(file, { force: true });
      removed++;
    }
  }
  return removed;
}

/** Enforces retention now and then hourly while the web runs. */
export function keepRecordingsWithin(dir: string, retentionDays: number, onSweep: (removed: number) => void): { stop(): void } {
  const sweep = () => void sweepRecordings(dir, retentionDays).then((removed) => removed && onSweep(removed));
  sweep();
  const timer = setInterval(sweep, 3_600_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

export async function readRecording(dir: string, sessionId: string): Promise<string | null> {
  return fs.readFile(recordingFile(dir, sessionId), "utf8").catch(() => null);
}
