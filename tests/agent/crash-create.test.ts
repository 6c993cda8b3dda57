import type { ChildProcess } from "node:child_process";
import { chmod, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentConnection, createJail, destroyJail, fetchJails } from "@/server/agent-client";
import { killHard, launchAgentProcess } from "./agent-process";
import { canRunLxc, cleanupEnv, makeTestEnv, waitFor, type TestEnv } from "./harness";

/**
 * Stands in for lxc-create on the agent's PATH and holds at one point of the real one, so the
 * agent is killed exactly there: before lxc-create runs, while it runs, or after it finished
 * (before the agent wrote the jail's config). The wrapper is left running, as a real
 * lxc-create would be when its agent dies.
 */
const WRAPPER = `#!/bin/sh
dir=$(dirname "$0")
case "$(cat "$dir/mode" 2>/dev/null)" in
  before) touch "$dir/reached"; sleep 60; exec /usr/bin/lxc-create "$@" ;;
  during) /usr/bin/lxc-create "$@" & touch "$dir/reached"; wait $! ;;
  after) /usr/bin/lxc-create "$@"; touch "$dir/reached"; sleep 60 ;;
  *) exec /usr/bin/lxc-create "$@" ;;
esac
`;

const exists = (p: string) =>
  readFile(p).then(
    () => true,
    () => false,
  );

/** Processes whose command line names the jail: what a crashed create could leave running. */
async function processesNaming(name: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of (await readdir("/proc")).filter((p) => /^\d+$/.test(p))) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    if (cmdline.split("\0").includes(name)) found.push(`${pid}: ${cmdline.replaceAll("\0", " ")}`);
  }
  return found;
}

describe.skipIf(!canRunLxc)("[integration] the agent killed during a create", () => {
  let env: TestEnv;
  let wrapDir: string;
  let agent: ChildProcess | null = null;

  beforeAll(async () => {
    env = await makeTestEnv();
    wrapDir = path.join(env.root, "bin");
    await mkdir(wrapDir);
    await writeFile(path.join(wrapDir, "lxc-create"), WRAPPER);
    await chmod(path.join(wrapDir, "lxc-create"), 0o755);
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
        await writeFile(path.join(wrapDir, "mode"), point);
        await rm(path.join(wrapDir, "reached"), { force: true });
        const crashed = await launch();
        const creating = createJail(conn, { name, template: "busybox" }).catch((error: Error) => error);
        await waitFor(() => exists(path.join(wrapDir, "reached")), 30_000, `the create to reach ${point} lxc-create`);
        expect((await fetchJails(conn)).map((j) => j.name)).not.toContain(name);
        await killHard(crashed);
        expect(await creating).toBeInstanceOf(Error);

        await writeFile(path.join(wrapDir, "mode"), "normal");
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
