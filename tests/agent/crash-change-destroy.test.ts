import type { ChildProcess } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentConnection, changeJail, createJail, destroyJail, fetchJail, fetchJails, startJail } from "@/server/agent-client";
import { cgroupDir } from "@/server/agent/drivers/linux/cgroup";
import { killHard, launchAgentProcess } from "./agent-process";
import { canRunLxc, cleanupEnv, makeTestEnv, waitFor, type TestEnv } from "./harness";
import { holdAt, holdReached, installHoldingTools, processesNaming } from "./crash-points";

/** The process limit the kernel holds for the jail: pids.max of its init's cgroup (same file in v1 and v2). */
async function pidsMax(initPid: number): Promise<string> {
  const dir = (await cgroupDir(initPid, "pids", 1)) ?? (await cgroupDir(initPid, "pids", 2));
  return (await readFile(path.join(dir!, "pids.max"), "utf8")).trim();
}

describe.skipIf(!canRunLxc)("[integration] the agent killed during a change or a destroy", () => {
  let env: TestEnv;
  let wrapDir: string;
  let agent: ChildProcess | null = null;
  let bystander: string;

  beforeAll(async () => {
    env = await makeTestEnv();
    wrapDir = path.join(env.root, "bin");
    await installHoldingTools(wrapDir, ["lxc-cgroup", "lxc-destroy"]);
    bystander = `${env.prefix}-by`;
    await launch();
    await createJail(conn(), { name: bystander, template: "busybox", limits: { maxProcesses: 50 } });
  }, 120_000);

  afterAll(async () => {
    if (agent) await killHard(agent);
    if (env) await cleanupEnv(env);
  });

  const conn = () => agentConnection(env.config.socketPath);
  const launch = async () => (agent = await launchAgentProcess(env, { PATH: `${wrapDir}:${process.env.PATH}` }));
  const reached = (what: string) => waitFor(() => holdReached(wrapDir), 60_000, what);

  /** Kills the agent where the wrapper holds, then starts it again with every tool running normally. */
  async function crashAndRestart(pending: Promise<unknown>, what: string): Promise<void> {
    await reached(what);
    await killHard(agent!);
    expect(await pending).toBeInstanceOf(Error);
    for (const tool of ["lxc-cgroup", "lxc-destroy"]) await holdAt(wrapDir, tool, "normal");
    await launch();
  }

  async function expectNothingPending() {
    expect(await readdir(path.join(env.config.stateDir, "operations"))).toEqual([]);
    expect(await fetchJail(conn(), bystander)).toMatchObject({ name: bystander, limits: { maxProcesses: 50 } });
  }

  for (const point of ["before", "after"] as const) {
    it(
      `kill -9 ${point} the live lxc-cgroup of a change: after a restart the change is whole — definition, config and the kernel's limit`,
      { timeout: 120_000 },
      async () => {
        const name = `${env.prefix}-c${point[0]}`;
        await createJail(conn(), { name, template: "busybox", limits: { maxProcesses: 64 } });
        const running = await startJail(conn(), name);
        expect(await pidsMax(running.initPid!)).toBe("64");
        await holdAt(wrapDir, "lxc-cgroup", point);
        const changing = changeJail(conn(), { name, limits: { maxProcesses: 40 } }).catch((error: Error) => error);
        await crashAndRestart(changing, `the change to reach ${point} lxc-cgroup`);

        const after = await fetchJail(conn(), name);
        expect(after).toMatchObject({ state: "running", limits: { maxProcesses: 40 } });
        expect(await pidsMax(after.initPid!)).toBe("40");
        expect(await readFile(path.join(env.config.lxcPath, name, "config"), "utf8")).toMatch(/^lxc\.cgroup2?\.pids\.max = 40$/m);
        await expectNothingPending();
        await destroyJail(conn(), name);
      },
    );
  }

  for (const point of ["before", "during", "after"] as const) {
    it(
      `kill -9 ${point} lxc-destroy of a running jail: after a restart the jail is gone entirely and nothing else is touched`,
      { timeout: 120_000 },
      async () => {
        const name = `${env.prefix}-d${point[0]}`;
        await createJail(conn(), { name, template: "busybox" });
        await startJail(conn(), name);
        await holdAt(wrapDir, "lxc-destroy", point);
        const destroying = destroyJail(conn(), name).catch((error: Error) => error);
        await crashAndRestart(destroying, `the destroy to reach ${point} lxc-destroy`);

        expect((await fetchJails(conn())).map((j) => j.name)).not.toContain(name);
        expect(await readdir(env.config.lxcPath)).not.toContain(name);
        expect(await readdir(path.join(env.config.stateDir, "jails"))).not.toContain(`${name}.json`);
        expect(await processesNaming(name)).toEqual([]);
        await expectNothingPending();
        // The name is free again: nothing half-destroyed holds it.
        expect(await createJail(conn(), { name, template: "busybox" })).toMatchObject({ name, state: "stopped" });
        await destroyJail(conn(), name);
      },
    );
  }
});
