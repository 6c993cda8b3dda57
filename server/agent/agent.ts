import path from "node:path";
import type { Logger } from "pino";
import type { AgentConfig } from "./config";
import type { JailDriver } from "./drivers/driver";
import { createHostFreebsdDriver, createRecordedFreebsdDriver, RECORDED_HOST_DIR } from "./drivers/freebsd";
import { createLinuxDriver } from "./drivers/linux/driver";
import { parsePool } from "./drivers/shared/ip-pool";
import type { Runner } from "./drivers/shared/runner";
import { createMethods, type AgentMethods } from "./methods";
import { listenOnSocket } from "./transport/server";
import { listenOnTls } from "./transport/tls";

export interface AgentOptions {
  config: AgentConfig;
  log: Logger;
  /** Replaces the Linux driver's command runner (tests spy on it). */
  runner?: Runner;
  /** How often the Linux driver polls LXC for events (tests slow it down to count commands). */
  pollIntervalMs?: number;
}

export interface RunningAgent {
  methods: AgentMethods;
  /** The TCP port of the mutual-TLS listener (null when it is off). */
  tlsPort: number | null;
  close(): Promise<void>;
}

/** Off FreeBSD the FreeBSD driver can only replay a recorded host (development and e2e). */
function createFreebsd(config: AgentConfig, log: AgentOptions["log"]): JailDriver {
  const gateway = parsePool(config.pool).gateway;
  if (config.freebsdRecordedDir !== null || process.platform !== "freebsd") {
    return createRecordedFreebsdDriver(config.freebsdRecordedDir ?? RECORDED_HOST_DIR);
  }
  return createHostFreebsdDriver({
    interface: config.bridge,
    pool: { cidr: config.pool, gateway },
    journalDir: path.join(config.stateDir, "operations"),
    log,
  });
}

async function createDriver(options: AgentOptions): Promise<JailDriver> {
  const { config, log } = options;
  if (config.driver === "freebsd") return createFreebsd(config, log);
  return createLinuxDriver({
    lxcPath: config.lxcPath,
    stateDir: config.stateDir,
    templateDir: config.templateDir,
    shareDir: config.shareDir,
    bridge: config.bridge,
    pool: config.pool,
    protectedPaths: [path.dirname(config.socketPath), config.webDataDir],
    log: log.child({ driver: "linux" }),
    runner: options.runner,
    pollIntervalMs: options.pollIntervalMs,
  });
}

export async function startAgent(options: AgentOptions): Promise<RunningAgent> {
  const driver = await createDriver(options);
  const methods = createMethods(driver, options.log, options.config.console);
  const transport = await listenOnSocket(
    methods,
    { socketPath: options.config.socketPath, socketGroup: options.config.socketGroup },
    options.log,
  );
  const tls = options.config.tls ? await listenOnTls(methods, options.config.tls, options.log) : null;
  options.log.info({ socket: options.config.socketPath, tls: tls?.port ?? null, driver: driver.kind }, "agent listening");
  void methods.autostart();
  return {
    methods,
    tlsPort: tls?.port ?? null,
    async close() {
      await tls?.close();
      await transport.close();
      await methods.close();
    },
  };
}
