import type { AgentConnection } from "@/server/agent-client/connection";
import { fetchUsageReport } from "@/server/agent-client/methods";
import type { Db } from "@/server/db/types";
import { prune, recordReport, rollup } from "./store";

/** One host the sampler reads: its id (what samples are stored under) and its agent. */
export interface SampledHost {
  hostId: string;
  agent: AgentConnection;
}

export interface SamplerOptions {
  db: Db;
  /** The hosts to sample, asked every round: a host enrolled or gone unreachable since counts from the next. */
  hosts: () => Promise<SampledHost[]>;
  intervalSeconds: number;
  /** How often rollup and retention run. */
  maintenanceSeconds?: number;
  onError?: (error: unknown, hostId?: string) => void;
}

/**
 * Samples usage from every host's agent into the database every few seconds, and folds and
 * prunes history once a minute. An unreachable agent only leaves a gap in its charts; a slow
 * one is not asked again until it answered, and never holds up the other hosts.
 */
export function startUsageSampler(options: SamplerOptions): { stop(): void } {
  const { db, intervalSeconds } = options;
  const onError = options.onError ?? (() => undefined);
  const inFlight = new Set<string>();
  const sampleHost = async ({ hostId, agent }: SampledHost) => {
    if (inFlight.has(hostId)) return;
    inFlight.add(hostId);
    try {
      // A round's answer after the next round began would be stored late: each call is bounded by the interval.
      const bounded = { ...agent, requestTimeoutMs: Math.min(agent.requestTimeoutMs, intervalSeconds * 1000) };
      await recordReport(db, hostId, await fetchUsageReport(bounded), intervalSeconds);
    } catch (error) {
      onError(error, hostId);
    } finally {
      inFlight.delete(hostId);
    }
  };
  const sample = async () => {
    try {
      await Promise.all((await options.hosts()).map(sampleHost));
    } catch (error) {
      onError(error);
    }
  };
  const maintain = async () => {
    try {
      await rollup(db, intervalSeconds, Date.now());
      await prune(db, intervalSeconds, Date.now());
    } catch (error) {
      onError(error);
    }
  };
  const sampling = setInterval(() => void sample(), intervalSeconds * 1000);
  const maintenance = setInterval(() => void maintain(), (options.maintenanceSeconds ?? 60) * 1000);
  void sample();
  return {
    stop() {
      clearInterval(sampling);
      clearInterval(maintenance);
    },
  };
}
