import type { Logger } from "pino";
import type { AgentEvent, JailState } from "../../protocol";
import { readLimitCounters, type LimitCounters } from "./cgroup";
import type { LxcEntry } from "./lxc";
import type { CgroupVersion } from "./lxc-config";

export function mapLxcState(state: string): JailState {
  const states: Record<string, JailState> = {
    RUNNING: "running",
    STOPPED: "stopped",
    STARTING: "starting",
    STOPPING: "stopping",
    ABORTING: "dying",
  };
  return states[state] ?? "unknown";
}

/**
 * Polls LXC once a second: state changes and growing limit counters become events.
 * Counters seen on the first poll are a baseline, so a restarted agent does not replay old hits.
 */
export class Monitor {
  private readonly listeners = new Set<(event: AgentEvent) => void>();
  private readonly states = new Map<string, JailState>();
  private readonly counters = new Map<number, LimitCounters>();
  private timer: NodeJS.Timeout | null = null;
  private firstPoll = true;

  constructor(
    /** Every container to watch: ours and the jails adopted from other LXC paths. */
    private readonly list: () => Promise<LxcEntry[]>,
    private readonly cgroupVersion: CgroupVersion,
    private readonly log: Logger,
    private readonly intervalMs = 1000,
  ) {}

  start(): void {
    const tick = () => {
      this.poll()
        .catch((error: unknown) => this.log.warn({ err: error }, "monitor poll failed"))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, this.intervalMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  subscribe(listener: (event: AgentEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: AgentEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** Records a state seen by the poller or reached by an operation; a change is an event, once. */
  observe(jail: string, state: JailState): void {
    if (this.states.get(jail) === state) return;
    this.states.set(jail, state);
    this.emit({ type: "jail.state", jail, state, at: Date.now() });
  }

  private async poll(): Promise<void> {
    const entries = await this.list();
    const seen = new Set<string>();
    const livePids = new Set<number>();
    for (const entry of entries) {
      seen.add(entry.name);
      if (!this.firstPoll) this.observe(entry.name, mapLxcState(entry.state));
      else this.states.set(entry.name, mapLxcState(entry.state));
      if (entry.pid !== null) {
        livePids.add(entry.pid);
        await this.checkLimits(entry.name, entry.pid);
      }
    }
    for (const name of this.states.keys()) if (!seen.has(name)) this.states.delete(name);
    for (const pid of this.counters.keys()) if (!livePids.has(pid)) this.counters.delete(pid);
    this.firstPoll = false;
  }

  private async checkLimits(jail: string, pid: number): Promise<void> {
    const now = await readLimitCounters(pid, this.cgroupVersion);
    if (now === null) return;
    const before = this.counters.get(pid) ?? (this.firstPoll ? now : { refusedForks: 0, oomKills: 0 });
    this.counters.set(pid, now);
    if (now.refusedForks > before.refusedForks) {
      this.emit({ type: "limit.hit", jail, resource: "processes", count: now.refusedForks, at: Date.now() });
    }
    if (now.oomKills > before.oomKills) {
      this.emit({ type: "limit.hit", jail, resource: "memory", count: now.oomKills, at: Date.now() });
    }
  }
}
