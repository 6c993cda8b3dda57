import type { Server } from "socket.io";
import { onSessionsEnded } from "@/server/auth/session-ends";
import { holdLease } from "./lease";
import { connectRedis } from "./redis-clients";
import { attachRedisAdapter } from "./socket-adapter";
import { setLiveDataMode } from "./status";

/** A server-side socket.io event between web processes: "re-check this user's sockets". */
export const SESSIONS_ENDED_EVENT = "stockade:sessions-ended";

export interface WebTierOptions {
  io: Server;
  /** Unset: one web process, exactly the single-process behaviour. */
  redisUrl: string | undefined;
  hostId: string;
  leaseMs: number;
  startSampler: () => { stop(): void };
  /** Re-checks this process's sockets of a user whose sessions another process ended. */
  refreshUser: (userId: string) => void;
  log?: (line: string) => void;
}

export interface WebTier {
  stop(): Promise<void>;
}

function redisAddress(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`;
}

/**
 * What several web processes share: socket.io rooms through the Redis adapter, the usage
 * sampler under a fleet-wide lease per host, and "sessions ended" reaching every process.
 */
export function startWebTier(options: WebTierOptions): WebTier {
  const { io, redisUrl, log = console.log } = options;
  if (!redisUrl) {
    const sampler = options.startSampler();
    return { stop: () => Promise.resolve(sampler.stop()) };
  }
  // Not yet connected counts as degraded, quietly: the first "ready" logs "shared".
  setLiveDataMode("degraded", () => undefined);
  log(`Live data: connecting to Redis at ${redisAddress(redisUrl)}`);
  const redis = connectRedis(redisUrl, (ready) => setLiveDataMode(ready ? "shared" : "degraded", log), log);
  attachRedisAdapter(io, redis);
  const unsubscribe = onSessionsEnded((userId) => io.serverSideEmit(SESSIONS_ENDED_EVENT, userId));
  io.on(SESSIONS_ENDED_EVENT, (userId: unknown) => {
    if (typeof userId === "string") options.refreshUser(userId);
  });
  const lease = holdLease({
    redis: redis.command,
    key: `stockade:lease:usage-sampler:${options.hostId}`,
    ttlMs: options.leaseMs,
    onAcquired: options.startSampler,
    log,
  });
  return {
    async stop() {
      await lease.stop();
      unsubscribe();
      redis.close();
    },
  };
}
