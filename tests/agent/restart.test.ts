import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentConnection, createJail, fetchHostInfo, fetchJail, fetchJails, startJail } from "@/server/agent-client";
import { canRunLxc, cleanupEnv, makeTestEnv, waitFor, type TestEnv } from "./harness";

const MAIN = path.resolve(import.meta.dirname, "../../server/agent/main.ts");

function agentEnv(env: TestEnv): NodeJS.ProcessEnv {
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
  };
}

describe.skipIf(!canRunLxc)("[integration] the agent restarts without touching running jails", () => {
  let env: TestEnv;
  const children: ChildProcess[] = [];

  async function launch(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ["--import", "tsx", MAIN], { env: agentEnv(env), stdio: ["ignore", "ignore", "pipe"] });
    children.push(child);
    const conn = agentConnection(env.config.socketPath);
    await waitFor(() => fetchHostInfo(conn), 20_000, "the agent to answer");
    return child;
  }

  beforeAll(async () => {
    env = await makeTestEnv();
  });

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    if (env) await cleanupEnv(env);
  });

  it("kill -9 the agent, start another: it lists the same jail still running and starts autostart jails", { timeout: 60_000 }, async () => {
    const conn = agentConnection(env.config.socketPath);
    const first = await launch();
    const name = `${env.prefix}-keep`;
    await createJail(conn, { name, template: "busybox", autostart: true });
    const before = await startJail(conn, name);
    const auto = `${env.prefix}-auto`;
    await createJail(conn, { name: auto, template: "busybox", autostart: true });
    expect(before.state).toBe("running");

    first.kill("SIGKILL");
    await new Promise((resolve) => first.once("exit", resolve));
    await expect(fetchJails(conn)).rejects.toMatchObject({ code: "unavailable" });

    await launch();
    const after = await fetchJail(conn, name);
    expect(after).toMatchObject({ name, state: "running", initPid: before.initPid, ipv4: before.ipv4, autostart: true });
    await waitFor(async () => (await fetchJail(conn, auto)).state === "running", 10_000, "the autostart jail to run");
  });
});
