import type { AgentEvent, Jail, JailState } from "../../protocol";
import type { Clock } from "./context";

export const systemClock: Clock = {
  now: () => Date.now(),
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

/**
 * FreeBSD has no jail event stream to subscribe to, so events come from diffing listJails
 * over time. The first poll only sets the baseline; polling runs while anyone listens.
 */
export function createJailEventPoller(listJails: () => Promise<Jail[]>, clock: Clock, intervalMs: number) {
  const listeners = new Set<(event: AgentEvent) => void>();
  let known: Map<string, JailState> | null = null;
  let handle: unknown = null;

  const emit = (event: AgentEvent) => listeners.forEach((listener) => listener(event));

  async function poll(): Promise<void> {
    const current = new Map((await listJails()).map((j) => [j.name, j.state]));
    const previous = known;
    known = current;
    if (!previous) return;
    const at = clock.now();
    for (const [jail, state] of current) {
      if (!previous.has(jail)) emit({ type: "jail.created", jail, at });
      if (previous.get(jail) !== state) emit({ type: "jail.state", jail, state, at });
    }
    for (const jail of previous.keys()) if (!current.has(jail)) emit({ type: "jail.destroyed", jail, at });
  }

  function stop() {
    if (handle !== null) clock.clearInterval(handle);
    handle = null;
    known = null;
  }

  function subscribe(listener: (event: AgentEvent) => void): () => void {
    listeners.add(listener);
    if (handle === null) {
      // A failed poll (jls briefly unavailable) is retried on the next tick.
      const tick = () => void poll().catch(() => undefined);
      handle = clock.setInterval(tick, intervalMs);
      tick();
    }
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) stop();
    };
  }

  return { subscribe, poll, emit, close: stop };
}
