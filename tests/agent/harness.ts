import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { access, chmod, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pino from "pino";
import { agentConnection, subscribeAgentEvents, type AgentConnection, type EventSubscription } from "@/server/agent-client";
import type { AgentEvent } from "@/server/agent/protocol";
import { startAgent, type RunningAgent } from "@/server/agent/agent";
import type { AgentConfig } from "@/server/agent/config";
import { Lxc } from "@/server/agent/drivers/linux/lxc";
import { createRunner, type CommandRecord, type RunResult } from "@/server/agent/drivers/shared/runner";

const run = promisify(execFile);

export const canRunLxc =
  process.getuid?.() === 0 &&
  (await access("/usr/bin/lxc-create").then(
    () => true,
    () => false,
  ));

/** Shared with the agent's default so reruns reuse the debootstrapped base. */
export const TEMPLATE_CACHE = "/var/cache/stockade/templates";

export interface TestEnv {
  prefix: string;
  root: string;
  config: AgentConfig;
}

/** A private LXC path, state dir, socket, bridge and /28 pool per test file. */
export async function makeTestEnv(): Promise<TestEnv> {
  const id = randomBytes(3).toString("hex");
  const root = await mkdtemp(path.join(tmpdir(), `stk-t-${id}-`));
  // Unprivileged jails' root ids must pass through it to reach their LXC path.
  await chmod(root, 0o711);
  const [a, b] = [...randomBytes(2)];
  return {
    prefix: `stk-t-${id}`,
    root,
    config: {
      socketPath: path.join(root, "agent.sock"),
      webDataDir: path.join(root, "web"),
      stateDir: path.join(root, "state"),
      shareDir: path.join(root, "shares"),
      lxcPath: path.join(root, "lxc"),
      bridge: `stkt${id}`,
      pool: `10.${200 + (a! % 50)}.${b}.0/28`,
      templateDir: TEMPLATE_CACHE,
      socketGroup: null,
      driver: "linux",
      freebsdRecordedDir: null,
      console: { idleMs: 60_000, scrollbackBytes: 256 * 1024 },
      logLevel: "silent",
    },
  };
}

export interface InProcessAgent {
  agent: RunningAgent;
  conn: AgentConnection;
  commands: CommandRecord[];
}

export async function startInProcessAgent(env: TestEnv, pollIntervalMs?: number): Promise<InProcessAgent> {
  const commands: CommandRecord[] = [];
  const runner = createRunner((record) => commands.push(record));
  const agent = await startAgent({ config: env.config, log: pino({ level: "silent" }), runner, pollIntervalMs });
  return { agent, conn: agentConnection(env.config.socketPath), commands };
}

/**
 * Runs argv as the jail's root with the environment the agent's own commands get, through
 * lxc-attach run by the test: the agent's protocol has no method that runs a command in a jail.
 */
export function runInJail(lxcPath: string, name: string, argv: string[], timeoutSeconds = 60): Promise<RunResult> {
  return new Lxc(createRunner(), lxcPath).attach(name, argv, timeoutSeconds);
}

const quiet = (file: string, args: string[]) => run(file, args).catch(() => undefined);

/** Every container in a private LXC path, and the bridge: what a test or e2e run may leave. */
export async function removeLxcLeftovers(lxcPath: string, bridge: string): Promise<void> {
  const names = await readdir(lxcPath).catch(() => [] as string[]);
  for (const name of names) {
    await quiet("lxc-stop", ["-P", lxcPath, "-n", name, "-k"]);
    // An unprivileged Debian jail's overlay is mounted by the agent, not by LXC.
    await quiet("umount", [path.join(lxcPath, name, "rootfs")]);
    await quiet("lxc-destroy", ["-P", lxcPath, "-n", name, "-f"]);
  }
  await quiet("ip", ["link", "del", bridge]);
}

/** Whatever a test left: containers in its LXC path, its bridge, its files. */
export async function cleanupEnv(env: TestEnv): Promise<void> {
  await removeLxcLeftovers(env.config.lxcPath, env.config.bridge);
  await rm(env.root, { recursive: true, force: true });
}

export interface AgentWithEvents extends InProcessAgent {
  events: AgentEvent[];
  subscription: EventSubscription;
}

/** An in-process agent in a fresh test env, with every event it emits collected. */
export async function startAgentWithEvents(env: TestEnv): Promise<AgentWithEvents> {
  const agent = await startInProcessAgent(env);
  const events: AgentEvent[] = [];
  const subscription = subscribeAgentEvents(agent.conn, { onEvent: (event) => events.push(event) });
  return { ...agent, events, subscription };
}

export async function linkExists(name: string): Promise<boolean> {
  return run("ip", ["link", "show", "dev", name]).then(
    () => true,
    () => false,
  );
}

export async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
