import { createClient, type RedisClientType } from "redis";

export interface RedisPair {
  /** Commands (publish, the sampler lease); fails at once while Redis is unreachable instead of queueing. */
  command: RedisClientType;
  /** Subscriptions only (Redis puts a subscribing connection in a mode that takes no other commands). */
  subscriber: RedisClientType;
  /** True while both connections are ready. */
  ready(): boolean;
  close(): void;
}

const RECONNECT_MAX_MS = 2000;

function client(url: string, queueWhileOffline: boolean, onChange: () => void, log: (line: string) => void) {
  const redis: RedisClientType = createClient({
    url,
    // Queued publishes would arrive late and stale after an outage; subscriptions must queue (they are replayed).
    disableOfflineQueue: !queueWhileOffline,
    socket: { connectTimeout: 2000, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, RECONNECT_MAX_MS) },
  });
  let lastError = "";
  redis.on("error", (error: Error) => {
    // Every reconnect attempt fails the same way while Redis is down: log the first, not each.
    if (error.message !== lastError) log(`Redis: ${error.message}`);
    lastError = error.message;
    onChange();
  });
  redis.on("ready", () => {
    lastError = "";
    onChange();
  });
  redis.on("end", onChange);
  return redis;
}

/**
 * Two connections to Redis that keep reconnecting on their own. Start-up does not wait for
 * them: an unreachable Redis leaves the web serving on its own, and onChange reports it.
 */
export function connectRedis(url: string, onChange: (ready: boolean) => void, log: (line: string) => void): RedisPair {
  let closing = false;
  // A connection closed on purpose is not an outage to report.
  const report = () => {
    if (!closing) onChange(pair.ready());
  };
  const command = client(url, false, report, log);
  const subscriber = client(url, true, report, log);
  const pair: RedisPair = {
    command,
    subscriber,
    ready: () => command.isReady && subscriber.isReady,
    close() {
      closing = true;
      command.destroy();
      subscriber.destroy();
    },
  };
  // connect() settles only once connected or destroyed; the error events above carry the failures.
  void command.connect().catch(() => undefined);
  void subscriber.connect().catch(() => undefined);
  return pair;
}
