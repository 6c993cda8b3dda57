import { describe, expect, it } from "vitest";
import { parseWebConfig } from "./config";

const base = { STOCKADE_DATA_DIR: "/tmp/stockade-config-test", BETTER_AUTH_SECRET: "x".repeat(40) };

describe("web configuration", () => {
  it("listens on 127.0.0.1:3000 with SQLite under ./data by default", () => {
    const config = parseWebConfig(base);
    expect(config).toMatchObject({ host: "127.0.0.1", port: 3000, origin: "http://127.0.0.1:3000", sampleSeconds: 5 });
    expect(config.databaseUrl).toBe("file:/tmp/stockade-config-test/stockade.db");
  });

  it("names every bad value and what it must be", () => {
    expect(() => parseWebConfig({ ...base, STOCKADE_PORT: "70000", DATABASE_URL: "mysql://x" })).toThrow(
      /STOCKADE_PORT: .*\n.*DATABASE_URL: DATABASE_URL must start with file: \(SQLite\) or postgres:\/\//,
    );
    expect(() => parseWebConfig({ ...base, STOCKADE_HOST: "example.org" })).toThrow(/STOCKADE_HOST/);
  });

  it("takes a Redis URL only beside PostgreSQL, and leaves it unset by default", () => {
    expect(parseWebConfig(base)).toMatchObject({ redisUrl: undefined, samplerLeaseMs: 15_000 });
    const pg = { ...base, DATABASE_URL: "postgres://db/stockade" };
    expect(parseWebConfig({ ...pg, STOCKADE_REDIS_URL: "redis://127.0.0.1:6379" }).redisUrl).toBe("redis://127.0.0.1:6379");
    expect(() => parseWebConfig({ ...pg, STOCKADE_REDIS_URL: "http://x" })).toThrow(/STOCKADE_REDIS_URL: .*redis:\/\//);
    expect(() => parseWebConfig({ ...base, STOCKADE_REDIS_URL: "redis://x" })).toThrow(/STOCKADE_REDIS_URL: .*DATABASE_URL=postgres/);
    expect(() => parseWebConfig({ ...pg, STOCKADE_SAMPLER_LEASE_SECONDS: "1" })).toThrow(/STOCKADE_SAMPLER_LEASE_SECONDS/);
  });

  it("brackets an IPv6 listen address in the origin", () => {
    expect(parseWebConfig({ ...base, STOCKADE_HOST: "::1", STOCKADE_PORT: "8080" }).origin).toBe("http://[::1]:8080");
  });

  it("reads trusted proxies and names a bad one", () => {
    expect(parseWebConfig({ ...base, STOCKADE_TRUSTED_PROXIES: "127.0.0.1,10.0.0.0/8" }).trustedProxies).toHaveLength(2);
    expect(parseWebConfig(base).trustedProxies).toEqual([]);
    expect(() => parseWebConfig({ ...base, STOCKADE_TRUSTED_PROXIES: "10.0.0.0/40" })).toThrow(/STOCKADE_TRUSTED_PROXIES: "10.0.0.0\/40"/);
  });
});
