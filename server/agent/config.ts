import path from "node:path";
import { z } from "zod";
import { parsePool } from "./drivers/shared/ip-pool";
import { hostMountSchema, isWithin } from "./protocol/mounts";
import { agentSocketPath } from "./protocol/socket-path";

const bridgeName = z
  .string()
  .regex(/^[a-z][a-z0-9]{0,14}$/, "must be 1–15 lower-case letters or digits starting with a letter (a Linux interface name)");

const absoluteOrRelativePath = z
  .string()
  .min(1)
  .refine((p) => !p.includes("\0"), "must not contain NUL")
  .transform((p) => path.resolve(p));

const poolCidr = z.string().superRefine((value, ctx) => {
  try {
    parsePool(value);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: (error as Error).message });
  }
});

/** host:port, IPv6 in brackets ([fd00::1]:7443); port 0 asks the OS for one (tests). */
const listenAddress = z
  .string()
  .regex(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, "must be host:port, e.g. 10.0.0.2:7443 or [fd00::2]:7443")
  .transform((value) => {
    const at = value.lastIndexOf(":");
    return { host: value.slice(0, at).replace(/^\[|\]$/g, ""), port: Number(value.slice(at + 1)) };
  })
  .refine((a) => a.port <= 65535, "port must be at most 65535");

const TLS_FILES = ["STOCKADE_AGENT_TLS_CERT", "STOCKADE_AGENT_TLS_KEY", "STOCKADE_AGENT_TLS_CA"] as const;

const envSchema = z
  .object({
    /** Besides the Unix socket, serve the same protocol over mutual TLS here (remote web processes). */
    STOCKADE_AGENT_TLS_LISTEN: listenAddress.optional(),
    STOCKADE_AGENT_TLS_CERT: absoluteOrRelativePath.optional(),
    STOCKADE_AGENT_TLS_KEY: absoluteOrRelativePath.optional(),
    STOCKADE_AGENT_TLS_CA: absoluteOrRelativePath.optional(),
    /** The Stockade CA's revocation list (crl.pem from the web's data/fleet): client certificates on it are refused. */
    STOCKADE_AGENT_TLS_CRL: absoluteOrRelativePath.optional(),
    STOCKADE_AGENT_SOCKET: absoluteOrRelativePath.optional(),
    STOCKADE_DATA_DIR: absoluteOrRelativePath.optional(),
    STOCKADE_AGENT_STATE_DIR: absoluteOrRelativePath.prefault("./data/agent"),
    STOCKADE_LXC_PATH: absoluteOrRelativePath.prefault("/var/lib/stockade/lxc"),
    STOCKADE_BRIDGE: bridgeName.default("stockade0"),
    STOCKADE_POOL: poolCidr.default("10.213.0.0/24"),
    STOCKADE_TEMPLATE_DIR: absoluteOrRelativePath.prefault("/var/cache/stockade/templates"),
    /** The shares jails mount by name; beside the state dir by default. */
    STOCKADE_AGENT_SHARE_DIR: absoluteOrRelativePath.optional(),
    STOCKADE_SOCKET_GROUP: z
      .string()
      .regex(/^[a-z_][a-z0-9_-]{0,31}$|^\d+$/, "must be a group name or a numeric gid")
      .optional(),
    STOCKADE_DRIVER: z.enum(["linux", "freebsd"]).optional(),
    STOCKADE_FREEBSD_RECORDED_DIR: absoluteOrRelativePath.optional(),
    /** A console session with nobody attached ends after this long. */
    STOCKADE_CONSOLE_IDLE_SECONDS: z.coerce
      .number()
      .int()
      .min(5)
      .max(7 * 86400)
      .default(900),
    /** Output each console session keeps for reattaching viewers. */
    STOCKADE_CONSOLE_SCROLLBACK_KB: z.coerce.number().int().min(4).max(65536).default(512),
    STOCKADE_LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  })
  .superRefine((e, ctx) => {
    const share = shareDirProblem(e);
    if (share) ctx.addIssue({ code: "custom", path: ["STOCKADE_AGENT_SHARE_DIR"], message: share });
    if (e.STOCKADE_AGENT_TLS_LISTEN === undefined) return;
    for (const key of TLS_FILES) {
      if (e[key] === undefined) ctx.addIssue({ code: "custom", path: [key], message: "required with STOCKADE_AGENT_TLS_LISTEN" });
    }
  });

type Env = z.infer<typeof envSchema>;

const shareDirOf = (e: Pick<Env, "STOCKADE_AGENT_SHARE_DIR" | "STOCKADE_AGENT_STATE_DIR">) =>
  e.STOCKADE_AGENT_SHARE_DIR ?? path.join(path.dirname(e.STOCKADE_AGENT_STATE_DIR), "shares");

/**
 * Shares are mounted into jails: never the agent's own trees, nor above the web's data or the
 * socket. Inside those two is allowed (the development default, ./data/shares): the agent
 * then refuses a share whose directories someone other than root could change.
 */
function shareDirProblem(e: Env): string | null {
  const dir = shareDirOf(e);
  const plain = hostMountSchema.shape.hostPath.safeParse(dir);
  if (!plain.success) return `${dir}: ${plain.error.issues[0]!.message}`;
  const own = [e.STOCKADE_AGENT_STATE_DIR, e.STOCKADE_LXC_PATH, e.STOCKADE_TEMPLATE_DIR];
  const mine = own.find((d) => isWithin(d, dir) || isWithin(dir, d));
  if (mine) return `${dir} must be apart from the agent's own ${mine}`;
  const socketDir = path.dirname(
    agentSocketPath({ STOCKADE_AGENT_SOCKET: e.STOCKADE_AGENT_SOCKET, STOCKADE_DATA_DIR: e.STOCKADE_DATA_DIR }),
  );
  const held = [socketDir, path.resolve(e.STOCKADE_DATA_DIR ?? "./data")].find((d) => isWithin(d, dir));
  return held ? `${dir} may not hold ${held}` : null;
}

export interface AgentTlsConfig {
  host: string;
  port: number;
  certFile: string;
  keyFile: string;
  caFile: string;
  /** Re-read whenever it changes; null: nothing revoked yet. */
  crlFile?: string | null;
}

export interface AgentConfig {
  socketPath: string;
  /** Also listen over mutual TLS (null: the Unix socket only). */
  tls?: AgentTlsConfig | null;
  /** The web's data folder (its database): a jail may never have it mounted, whatever the socket's folder. */
  webDataDir: string;
  stateDir: string;
  /** The shares jails mount by name (STOCKADE_AGENT_SHARE_DIR). */
  shareDir: string;
  lxcPath: string;
  bridge: string;
  pool: string;
  templateDir: string;
  socketGroup: string | null;
  driver: "linux" | "freebsd";
  freebsdRecordedDir: string | null;
  logLevel: Env["STOCKADE_LOG_LEVEL"];
  console: { idleMs: number; scrollbackBytes: number };
}

function tlsConfig(e: Env): AgentTlsConfig | null {
  const { STOCKADE_AGENT_TLS_LISTEN: listen, STOCKADE_AGENT_TLS_CERT: certFile, STOCKADE_AGENT_TLS_KEY: keyFile } = e;
  const caFile = e.STOCKADE_AGENT_TLS_CA;
  if (!listen || !certFile || !keyFile || !caFile) return null;
  return { ...listen, certFile, keyFile, caFile, crlFile: e.STOCKADE_AGENT_TLS_CRL ?? null };
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Reads the environment once; a bad value names the variable and what it must look like. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  platform: NodeJS.Platform = process.platform,
): AgentConfig {
  const blankAsUnset = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(blankAsUnset);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0]);
      return `  ${key}=${JSON.stringify(env[key] ?? "")}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid agent configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return {
    socketPath: agentSocketPath({ STOCKADE_AGENT_SOCKET: e.STOCKADE_AGENT_SOCKET, STOCKADE_DATA_DIR: e.STOCKADE_DATA_DIR }),
    tls: tlsConfig(e),
    webDataDir: path.resolve(e.STOCKADE_DATA_DIR ?? "./data"),
    stateDir: e.STOCKADE_AGENT_STATE_DIR,
    shareDir: shareDirOf(e),
    lxcPath: e.STOCKADE_LXC_PATH,
    bridge: e.STOCKADE_BRIDGE,
    pool: e.STOCKADE_POOL,
    templateDir: e.STOCKADE_TEMPLATE_DIR,
    socketGroup: e.STOCKADE_SOCKET_GROUP ?? null,
    driver: e.STOCKADE_DRIVER ?? (platform === "freebsd" ? "freebsd" : "linux"),
    freebsdRecordedDir: e.STOCKADE_FREEBSD_RECORDED_DIR ?? null,
    logLevel: e.STOCKADE_LOG_LEVEL,
    console: { idleMs: e.STOCKADE_CONSOLE_IDLE_SECONDS * 1000, scrollbackBytes: e.STOCKADE_CONSOLE_SCROLLBACK_KB * 1024 },
  };
}
