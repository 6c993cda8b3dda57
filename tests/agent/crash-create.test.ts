import type { ChildProcess } from "node:child_process";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentConnection, createJail, destroyJail, fetchJails } from "@/server/agent-client";
import { killHard, launchAgentProcess } from "./agent-process";
import { canRunLxc, cleanupEnv, makeTestEnv, waitFor, type TestEnv } from "./harness";
import { exists, holdAt, holdReached, installHoldingTools, processesNaming } from "./crash-points";

describe.skipIf(!canRunLxc)("[integration] the agent killed during a create", () => {
  let env: TestEnv;
  let wrapDir: string;
  let agent: ChildProcess | null = null;

  beforeAll(async () => {
    env = await makeTestEnv();
    wrapDir = path.join(env.root, "bin");
    await installHoldingTools(wrapDir, ["lxc-create"]);
  });

  afterAll(async () => {
    if (agent) await killHard(agent);
    if (env) await cleanupEnv(env);
  });

  const launch = async () => (agent = await launchAgentProcess(env, { PATH: `${wrapDir}:${process.env.PATH}` }));

  for (const point of ["before", "during", "after"] as const) {
    it(
      `kill -9 ${point} lxc-create: after a restart the jail is gone, nothing is left, and it can be created again`,
      { timeout: 90_000 },
      async () => {
        const conn = agentConnection(env.config.socketPath);
        const name = `${env.prefix}-${point}`;
        await holdAt(wrapDir, "lxc-create", point);
        const crashed = await launch();
        const creating = createJail(conn, { name, template: "busybox" }).catch((error: Error) => error);
        await waitFor(() => holdReached(wrapDir), 30_000, `the create to reach ${point} lxc-create`);
        expect((await fetchJails(conn)).map((j) => j.name)).not.toContain(name);
        await killHard(crashed);
        expect(await creating).toBeInstanceOf(Error);

        await holdAt(wrapDir, "lxc-create", "normal");
        await launch();
        expect((await fetchJails(conn)).map((j) => j.name)).not.toContain(name);
        expect(await exists(path.join(env.config.lxcPath, name, "config"))).toBe(false);
        expect(await readdir(env.config.lxcPath)).not.toContain(name);
        expect(await readdir(path.join(env.config.stateDir, "jails"))).not.toContain(`${name}.json`);
        expect(await readdir(path.join(env.config.stateDir, "operations"))).toEqual([]);
        expect(await processesNaming(name)).toEqual([]);

        const again = await createJail(conn, { name, template: "busybox" });
        expect(again).toMatchObject({ name, state: "stopped", adopted: false });
        await destroyJail(conn, name);
        await killHard(agent!);
        agent = null;
      },
    );
  }
});
