import type { Logger } from "pino";
import type { AgentConfig } from "./config";
import type { JailDriver } from "./drivers/driver";
import { createLinuxDriver } from "./drivers/linux/driver";
import type { Runner } from "./drivers/linux/runner";
import { createMethods, type AgentMethods } from "./methods";
import { listenOnSocket } from "./transport/server";

export interface AgentOptions {
  config: AgentConfig;
  log: Logger;
  /** Replaces the Linux driver's command runner (tests spy on it). */
  runner?: Runner;
}

export interface RunningAgent {
  methods: AgentMethods;
  close(): Promise<void>;
}

/** The FreeBSD driver lives in its own folder; it is loaded only when asked for. */
async function createFreebsd(config: AgentConfig, log: Logger): Promise<JailDriver> {
  const modulePath = "./drivers/freebsd/index.ts";
  const mod = (await import(modulePath)) as { createFreebsdDriver?: (o: { recordedDir: string | null; log: Logger }) => Promise<JailDriver> };
  if (typeof mod.createFreebsdDriver !== "function") throw new Error("drivers/freebsd/index.ts does not export createFreebsdDriver");
  return mod.createFreebsdDriver({ recordedDir: config.freebsdRecordedDir, log });
}

async function createDriver(options: AgentOptions): Promise<JailDriver> {
  const { config, log } = options;
  if (config.driver === "freebsd") return createFreebsd(config, log);
  return createLinuxDriver({
    lxcPath: config.lxcPath,
    stateDir: config.stateDir,
    templateDir: config.templateDir,
    bridge: config.bridge,
    pool: config.pool,
    log: log.child({ driver: "linux" }),
    runner: options.runner,
  });
}

export async function startAgent(options: AgentOptions): Promise<RunningAgent> {
  const driver = await createDriver(options);
  const methods = createMethods(driver, options.log);
  const transport = await listenOnSocket(methods, { socketPath: options.config.socketPath, socketGroup: options.config.socketGroup }, options.log);
  options.log.info({ socket: options.config.socketPath, driver: driver.kind }, "agent listening");
  void methods.autostart();
  return {
    methods,
    async close() {
      await transport.close();
      await methods.close();
    },
  };
}
