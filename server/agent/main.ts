import pino from "pino";
import { startAgent } from "./agent";
import { ConfigError, loadConfig, type AgentConfig } from "./config";
import { linuxPreflight } from "./preflight";

function fail(message: string): never {
  process.stderr.write(`stockade-agent: ${message}\n`);
  process.exit(1);
}

function readConfig(): AgentConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const log = pino({ name: "stockade-agent", level: config.logLevel });
  if (config.driver === "linux") {
    const problems = await linuxPreflight();
    if (problems.length) fail(`cannot work on this host:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
  const agent = await startAgent({ config, log });
  // Jails keep running when the agent stops: only the socket and the pollers go away.
  const shutdown = (signal: string) => {
    log.info({ signal }, "agent stopping; jails keep running");
    agent.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
