import crypto from "node:crypto";
import type { RedisPair } from "./redis-clients";

// Renew and release only while the key still holds our token: a lapsed holder must not
// extend or delete the lease another process has taken over since.
const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

export interface LeaseOptions {
  redis: RedisPair["command"];
  key: string;
  ttlMs: number;
  /** Called when this process becomes the holder; returns how to stop the work it guards. */
  onAcquired: () => { stop(): void };
  log?: (line: string) => void;
}

export interface Lease {
  holding(): boolean;
  /** Stops the work and gives the lease up at once, so another process need not wait for it to lapse. */
  stop(): Promise<void>;
}

/**
 * Runs onAcquired's work in at most one process among those sharing Redis: SET NX PX takes the
 * lease, the holder renews it every third of its time, and another process takes it once it
 * lapses. A holder that cannot renew (Redis unreachable) stops before its lease can have lapsed.
 */
export function holdLease(options: LeaseOptions): Lease {
  const { redis, key, ttlMs } = options;
  const log = options.log ?? console.log;
  const token = `${process.pid}-${crypto.randomBytes(8).toString("hex")}`;
  let work: { stop(): void } | null = null;
  let validUntil = 0;
  let busy = false;
  let stopped = false;

  const lose = (why: string) => {
    work?.stop();
    work = null;
    log(`Lease ${key} given up: ${why}`);
  };
  const tryTake = async (now: number) => {
    if ((await redis.set(key, token, { NX: true, PX: ttlMs })) !== "OK") return;
    // Taken while stop() ran: give it straight back rather than start work nobody will stop.
    if (stopped) return void (await release());
    validUntil = now + ttlMs;
    work = options.onAcquired();
    log(`Lease ${key} taken`);
  };
  const renew = async (now: number) => {
    const renewed = await redis.eval(RENEW, { keys: [key], arguments: [token, String(ttlMs)] });
    if (renewed === 1) validUntil = now + ttlMs;
    else lose("another process holds it");
  };
  const tick = async () => {
    if (busy) return;
    busy = true;
    const now = Date.now();
    try {
      await (work ? renew(now) : tryTake(now));
    } catch (error) {
      // Stop a renewal period early: the clock that expires the key is Redis's, not ours.
      if (work && Date.now() >= validUntil - ttlMs / 3) lose(`Redis unreachable (${(error as Error).message})`);
    } finally {
      busy = false;
    }
  };
  const release = () => redis.eval(RELEASE, { keys: [key], arguments: [token] }).catch(() => undefined);
  const timer = setInterval(() => void tick(), Math.max(100, Math.floor(ttlMs / 3)));
  void tick();
  return {
    holding: () => work !== null,
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (!work) return;
      work.stop();
      work = null;
      await release();
    },
  };
}
