import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { agentConnection, fetchHostInfo } from "@/server/agent-client";
import { waitFor, type TestEnv } from "./harness";

export const AGENT_MAIN = path.resolve(import.meta.dirname, "../../server/agent/main.ts");

export function agentEnv(env: TestEnv, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const c = env.config;
  return {
    ...process.env,
    STOCKADE_DRIVER: "linux",
    STOCKADE_SOCKET_GROUP: "",
    STOCKADE_AGENT_SOCKET: c.socketPath,
    STOCKADE_AGENT_STATE_DIR: c.stateDir,
    STOCKADE_LXC_PATH: c.lxcPath,
    STOCKADE_BRIDGE: c.bridge,
    STOCKADE_POOL: c.pool,
    STOCKADE_TEMPLATE_DIR: c.templateDir,
    STOCKADE_LOG_LEVEL: "warn",
    ...extra,
  };
}

/** The agent as its own process (so a test can kill -9 it), answering on the env's socket. */
export async function launchAgentProcess(env: TestEnv, extra: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", AGENT_MAIN], {
    env: agentEnv(env, extra),
    stdio: ["ignore", "ignore", "pipe"],
  });
  await waitFor(() => fetchHostInfo(agentConnection(env.config.socketPath)), 20_000, "the agent to answer");
  return child;
}

export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}
