/**
 * Whether live data (socket.io rooms) reaches this web process's clients from every web
 * process, or only from this one. Kept on globalThis: Next.js bundles its own copy of server
 * modules, and the tRPC route must read the value server-entry's Redis clients write.
 */
export type LiveDataMode = "single-process" | "shared" | "degraded";

export interface LiveDataStatus {
  mode: LiveDataMode;
  /** A sentence for the UI and the log. */
  message: string;
  since: string;
}

const MESSAGES: Record<LiveDataMode, string> = {
  "single-process": "One web process: live data comes from this process.",
  shared: "Live data is shared between web processes through Redis.",
  degraded: "Redis is unreachable: live data from other web processes is degraded; this process keeps serving its own.",
};

const store = globalThis as unknown as { stockadeLiveData?: LiveDataStatus };

export function liveDataStatus(): LiveDataStatus {
  store.stockadeLiveData ??= { mode: "single-process", message: MESSAGES["single-process"], since: new Date().toISOString() };
  return store.stockadeLiveData;
}

/** Records a change of mode (and logs it once); the same mode again is not a change. */
export function setLiveDataMode(mode: LiveDataMode, log: (line: string) => void = console.log): void {
  if (liveDataStatus().mode === mode) return;
  store.stockadeLiveData = { mode, message: MESSAGES[mode], since: new Date().toISOString() };
  log(`Live data: ${MESSAGES[mode]}`);
}
