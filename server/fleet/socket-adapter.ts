import { createAdapter } from "@socket.io/redis-adapter";
import type { Server } from "socket.io";
import type { RedisPair } from "./redis-clients";

/**
 * The adapter publishes without awaiting: while Redis is down a rejected publish would be an
 * unhandled rejection and end the process. This view of the client drops a failed publish;
 * the adapter still delivers to this process's own sockets, which is the single-process behaviour.
 */
function forgivingPublisher(redis: RedisPair["command"]): RedisPair["command"] {
  return new Proxy(redis, {
    get(target, property) {
      if (property === "publish") {
        return (...args: Parameters<typeof target.publish>) => target.publish(...args).catch(() => 0);
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Room broadcasts (io.to(room).emit) and server-side events now reach every web process sharing this Redis. */
export function attachRedisAdapter(io: Server, redis: RedisPair): void {
  io.adapter(createAdapter(forgivingPublisher(redis.command), redis.subscriber, { key: "stockade" }));
}
