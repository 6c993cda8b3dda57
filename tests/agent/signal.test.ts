import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJail, fetchProcessSnapshot, signalProcess, startJail } from "@/server/agent-client/methods";
import type { ProcessInfo } from "@/server/agent/protocol";
import { canRunLxc, cleanupEnv, makeTestEnv, startInProcessAgent, waitFor, type InProcessAgent, type TestEnv } from "./harness";

const run = promisify(execFile);

describe.skipIf(!canRunLxc)("[integration] signalling a process in a real LXC jail", () => {
  let env: TestEnv;
  let a: InProcessAgent;
  let jail: string;

  beforeAll(async () => {
    env = await makeTestEnv();
    a = await startInProcessAgent(env);
    jail = `${env.prefix}-sig`;
    await createJail(a.conn, { name: jail, template: "busybox" });
    await startJail(a.conn, jail);
  });
  afterAll(async () => {
    await a?.agent.close();
    if (env) await cleanupEnv(env);
  });

  async function markedSleep(marker: string): Promise<ProcessInfo> {
    await run("lxc-attach", [
      "-P",
      env.config.lxcPath,
      "-n",
      jail,
      "--",
      "sh",
      "-c",
      `sh -c 'sleep 300; true' ${marker} >/dev/null 2>&1 &`,
    ]);
    return waitFor(async () => (await fetchProcessSnapshot(a.conn)).processes.find((p) => p.args.includes(marker)), 5_000, "the sleep");
  }

  const alive = async (pid: number) => (await fetchProcessSnapshot(a.conn)).processes.some((p) => p.pid === pid);

  it("refuses a jail's pid named as a host process or with another start time, and the process lives on", async () => {
    const target = await markedSleep("stkmarkrefuse");
    expect(target.jail).toBe(jail);
    await expect(signalProcess(a.conn, { pid: target.pid, jail: null, startedAt: target.startedAt, signal: "KILL" })).rejects.toMatchObject(
      {
        code: "conflict",
        message: expect.stringContaining(`in jail ${jail}`),
      },
    );
    await expect(
      signalProcess(a.conn, { pid: target.pid, jail, startedAt: target.startedAt - 1000, signal: "KILL" }),
    ).rejects.toMatchObject({ code: "conflict" });
    expect(await alive(target.pid)).toBe(true);
  });

  it("sends TERM to the process in the named jail", async () => {
    const target = await markedSleep("stkmarkterm");
    await expect(signalProcess(a.conn, { pid: target.pid, jail, startedAt: target.startedAt, signal: "TERM" })).resolves.toMatchObject({
      sent: true,
    });
    await waitFor(async () => !(await alive(target.pid)), 5_000, "the process to exit");
  });
});
