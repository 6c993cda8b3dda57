import path from "node:path";
import pino from "pino";
import { startAgent, type RunningAgent } from "../agent";
import type { AgentTlsConfig } from "../config";

export interface RecordedAgentOptions {
  /** Also listen over mutual TLS. */
  tls?: AgentTlsConfig;
  scrollbackBytes?: number;
  /** Another recorded host directory than the shipped one (a test's altered copy, to tell two hosts apart). */
  recordedDir?: string;
}

/** A real agent serving the recorded FreeBSD host (www1, db1, dev1 running; old1 stopped), its socket and state under dir. */
export function startRecordedAgentAt(
  dir: string,
  { tls, scrollbackBytes = 64 * 1024, recordedDir }: RecordedAgentOptions = {},
): Promise<RunningAgent> {
  return startAgent({
    config: {
      socketPath: path.join(dir, "agent.sock"),
      tls: tls ?? null,
      webDataDir: path.join(dir, "web"),
      stateDir: path.join(dir, "state"),
      shareDir: path.join(dir, "shares"),
      lxcPath: path.join(dir, "lxc"),
      bridge: "stkrec0",
      pool: "10.251.0.0/24",
      templateDir: path.join(dir, "templates"),
      socketGroup: null,
      driver: "freebsd",
      freebsdRecordedDir: recordedDir ?? null,
      console: { idleMs: 60_000, scrollbackBytes },
      logLevel: "silent",
    },
    log: pino({ level: "silent" }),
  });
}
