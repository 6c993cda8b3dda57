import fs from "node:fs";
import { agentSocketPath } from "@/server/agent/protocol/socket-path";
import path from "node:path";
import crypto from "node:crypto";
import { z } from "zod";
import { parseTrustedProxies } from "./http/client-address";

const portSchema = z.coerce.number().int().min(1).max(65535);

const envSchema = z
  .object({
    STOCKADE_HOST: z.union([z.ipv4(), z.ipv6(), z.literal("localhost")]).default("127.0.0.1"),
    STOCKADE_PORT: portSchema.default(3000),
    /** Public origin the browser uses; cookies and CSRF checks depend on it. */
    STOCKADE_ORIGIN: z.url().optional(),
    STOCKADE_DATA_DIR: z.string().min(1).default("./data"),
    DATABASE_URL: z
      .string()
      .regex(/^(file:|postgres(ql)?:\/\/)/, "DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL)")
      .optional(),
    STOCKADE_AGENT_SOCKET: z.string().min(1).optional(),
    STOCKADE_SESSION_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(12),
    /** Sign-in attempts allowed per client address per minute before 429. */
    STOCKADE_LOGIN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).max(1000).default(5),
    /** Every user holding the admin role must sign in with a second factor (they enrol at their next sign-in). */
    STOCKADE_REQUIRE_TWO_FACTOR_FOR_ADMINS: z.enum(["true", "false"]).default("false"),
    /** How often usage is sampled into the history (the raw tier's resolution). */
    STOCKADE_SAMPLE_SECONDS: z.coerce.number().int().min(1).max(60).default(5),
    /** Audit events are kept this long; the database refuses deleting younger ones. */
    STOCKADE_AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36500).default(365),
    /** Reverse proxies (addresses or CIDR ranges, comma-separated) whose X-Forwarded-For is believed. */
    STOCKADE_TRUSTED_PROXIES: z
      .string()
      .default("")
      .transform((value, ctx) => {
        try {
          return parseTrustedProxies(value);
        } catch (error) {
          ctx.addIssue({ code: "custom", message: (error as Error).message });
          return z.NEVER;
        }
      }),
    /** Console recordings older than this are deleted (checked at start and hourly). */
    STOCKADE_RECORDING_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    /** A console recording stops (with an audit note) at this size; the session goes on. */
    STOCKADE_RECORDING_MAX_MB: z.coerce.number().int().min(1).max(100_000).default(256),
    /** Several web processes: socket.io rooms and the usage sampler's lease go through this Redis. */
    STOCKADE_REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\/[^/]/, "STOCKADE_REDIS_URL must start with redis:// or rediss://")
      .optional(),
    /** The usage sampler's fleet-wide lease lapses this long after its holder stops renewing it. */
    STOCKADE_SAMPLER_LEASE_SECONDS: z.coerce.number().int().min(3).max(300).default(15),
    BETTER_AUTH_SECRET: z.string().min(32).optional(),
    NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  })
  // Web processes that share live data must share one database; a SQLite file is one process's.
  .refine((env) => !env.STOCKADE_REDIS_URL || /^postgres(ql)?:\/\//.test(env.DATABASE_URL ?? ""), {
    path: ["STOCKADE_REDIS_URL"],
    message: "STOCKADE_REDIS_URL needs DATABASE_URL=postgres://… (several web processes share one PostgreSQL database)",
  });

export type WebConfig = ReturnType<typeof buildConfig>;

function buildConfig(env: z.infer<typeof envSchema>) {
  // turbopackIgnore: the data folder is chosen at run time, not part of the build.
  const dataDir = path.resolve(/*turbopackIgnore: true*/ env.STOCKADE_DATA_DIR);
  const hostForUrl = env.STOCKADE_HOST.includes(":") ? `[${env.STOCKADE_HOST}]` : env.STOCKADE_HOST;
  return {
    host: env.STOCKADE_HOST,
    port: env.STOCKADE_PORT,
    origin: env.STOCKADE_ORIGIN ?? `http://${hostForUrl}:${env.STOCKADE_PORT}`,
    dataDir,
    databaseUrl: env.DATABASE_URL ?? `file:${path.join(dataDir, "stockade.db")}`,
    agentSocket: agentSocketPath({ STOCKADE_AGENT_SOCKET: env.STOCKADE_AGENT_SOCKET, STOCKADE_DATA_DIR: dataDir }),
    sessionSeconds: env.STOCKADE_SESSION_HOURS * 3600,
    loginAttemptsPerMinute: env.STOCKADE_LOGIN_ATTEMPTS_PER_MINUTE,
    requireTwoFactorForAdmins: env.STOCKADE_REQUIRE_TWO_FACTOR_FOR_ADMINS === "true",
    sampleSeconds: env.STOCKADE_SAMPLE_SECONDS,
    trustedProxies: env.STOCKADE_TRUSTED_PROXIES,
    recordingDays: env.STOCKADE_RECORDING_DAYS,
    recordingMaxBytes: env.STOCKADE_RECORDING_MAX_MB * 1024 * 1024,
    auditRetentionDays: env.STOCKADE_AUDIT_RETENTION_DAYS,
    redisUrl: env.STOCKADE_REDIS_URL,
    samplerLeaseMs: env.STOCKADE_SAMPLER_LEASE_SECONDS * 1000,
    authSecret: env.BETTER_AUTH_SECRET ?? readOrCreateSecret(dataDir),
    production: env.NODE_ENV === "production",
  };
}

/** A secret that survives restarts without the admin having to invent one. */
function readOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const secret = crypto.randomBytes(32).toString("base64url");
    fs.writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
    return secret;
  }
}

export class ConfigError extends Error {}

export function parseWebConfig(env: Record<string, string | undefined>): WebConfig {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid Stockade configuration:\n${lines.join("\n")}`);
  }
  return buildConfig(result.data);
}

let cached: WebConfig | undefined;

/** Read once per process: configuration does not change while it runs. */
export function webConfig(): WebConfig {
  cached ??= parseWebConfig(process.env);
  return cached;
}
