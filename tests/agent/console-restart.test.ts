import { spawn, type ChildProcess } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  agentConnection,
  createJail,
  fetchHostInfo,
  listConsoles,
  openConsole,
  startJail,
  type ConsoleStreamEnd,
} from "@/server/agent-client";
import { JAIL_SHELL } from "@/server/agent/drivers/linux/driver";
import { canRunLxc, cleanupEnv, makeTestEnv, waitFor, type TestEnv } from "./harness";

const MAIN = path.resolve(import.meta.dirname, "../../server/agent/main.ts");

/**
 * Console PTYs of this test's agent: lxc-attach under its own LXC path running the console's shell. The agent's
 * short lxc-attach reads run other programs, and lxc-attach's own forks (same command line, parent a match)
 * are one PTY, not two.
 */
async function consolePtys(lxcPath: string): Promise<number> {
  const parents = new Map<string, string>();
  for (const pid of (await readdir("/proc")).filter((name) => /^\d+$/.test(name))) {
    const argv = (await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "")).split("\0").filter(Boolean);
    const shell = argv.slice(-JAIL_SHELL.length).join("\0") === JAIL_SHELL.join("\0");
    if (path.basename(argv[0] ?? "") !== "lxc-attach" || !argv.includes(lxcPath) || !shell) continue;
    const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
    parents.set(pid, stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1] ?? "");
  }
  return [...parents.values()].filter((ppid) => !parents.has(ppid)).length;
}

describe.skipIf(!canRunLxc)("[integration] consoles when the agent dies", () => {
  let env: TestEnv;
  const children: ChildProcess[] = [];

  async function launch(): Promise<ChildProcess> {
    const c = env.config;
    const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
      env: {
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
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    children.push(child);
    await waitFor(() => fetchHostInfo(agentConnection(c.socketPath)), 20_000, "the agent to answer");
    return child;
  }

  beforeAll(async () => {
    env = await makeTestEnv();
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    if (env) await cleanupEnv(env);
  });

  it(
    "kill -9 the agent: its streams hear the agent went, no console PTY is left, the new agent has no stale session",
    { timeout: 60_000 },
    async () => {
      const conn = agentConnection(env.config.socketPath);
      const first = await launch();
      const name = `${env.prefix}-con`;
      await createJail(conn, { name, template: "busybox" });
      await startJail(conn, name);
      const before = await consolePtys(env.config.lxcPath);
      const streams = await Promise.all([1, 2, 3].map(() => openConsole(conn, { jail: name, cols: 80, rows: 24 })));
      expect(await consolePtys(env.config.lxcPath)).toBe(before + 3);
      const ends = streams.map((s) => new Promise<ConsoleStreamEnd>((resolve) => s.onEnd(resolve)));

      first.kill("SIGKILL");
      expect((await Promise.all(ends)).map((e) => e.kind)).toEqual(["lost", "lost", "lost"]);
      // The PTY's master closes with the agent: each jail shell is hung up, and its lxc-attach goes with it.
      await waitFor(async () => (await consolePtys(env.config.lxcPath)) === before, 10_000, "the console PTYs to go");

      await launch();
      expect(await listConsoles(conn, name)).toEqual([]);
      const fresh = await openConsole(conn, { jail: name, cols: 80, rows: 24 });
      expect(fresh.session.jail).toBe(name);
      fresh.close();
    },
  );
});
