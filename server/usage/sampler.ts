import type { AgentConnection } from "@/server/agent-client/connection";
import { fetchUsageReport } from "@/server/agent-client/methods";
import type { Db } from "@/server/db/types";
import { prune, recordReport, rollup } from "./store";

export interface SamplerOptions {
  db: Db;
  agent: AgentConnection;
  hostId: string;
  intervalSeconds: number;
  /** How often rollup and retention run. */
  maintenanceSeconds?: number;
  onError?: (error: unknown) => void;
}

/**
 * Samples usage from the agent into the database every few seconds, and folds and prunes
 * history once a minute. An unreachable agent only leaves a gap in the charts.
 */
export function startUsageSampler(options: SamplerOptions): { stop(): void } {
  const { db, agent, hostId, intervalSeconds } = options;
  const onError = options.onError ?? (() => undefined);
  const sample = async () => {
    try {
      await recordReport(db, hostId, await fetchUsageReport(agent), intervalSeconds);
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
