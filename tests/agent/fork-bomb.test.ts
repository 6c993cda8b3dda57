import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJail, destroyJail, fetchUsageReport, startJail, stopJail } from "@/server/agent-client";
import {
  canRunLxc,
  cleanupEnv,
  makeTestEnv,
  runInJail,
  startAgentWithEvents,
  waitFor,
  type AgentWithEvents,
  type TestEnv,
} from "./harness";

/**
 * Bounded on purpose: 100 background sleeps, not an unbounded bomb. The sleeps let go of
 * stdout so exec returns when the loop does; ash gives up at the first refused fork.
 */
const FORK_LOOP = "i=0; while [ $i -lt 100 ]; do sleep 5 >/dev/null 2>&1 & i=$((i+1)); done; echo loop-done";

describe.skipIf(!canRunLxc)("[integration] max processes holds a fork loop", () => {
  let env: TestEnv;
  let a: AgentWithEvents;

  beforeAll(async () => {
    env = await makeTestEnv();
    a = await startAgentWithEvents(env);
  });

  afterAll(async () => {
    a?.subscription.close();
    await a?.agent.close();
    if (env) await cleanupEnv(env);
  });

  it("refuses forks past 32, keeps the host responsive and reports the refusals", async () => {
    const name = `${env.prefix}-bomb`;
    await createJail(a.conn, { name, template: "busybox", limits: { maxProcesses: 32 } });
    await startJail(a.conn, name);

    let lastTick = Date.now();
    let worstGap = 0;
    const timer = setInterval(() => {
      worstGap = Math.max(worstGap, Date.now() - lastTick);
      lastTick = Date.now();
    }, 20);
    const result = await runInJail(env.config.lxcPath, name, ["sh", "-c", FORK_LOOP], 30).finally(() => clearInterval(timer));

    expect(result.stdout).not.toContain("loop-done");
    expect(result.stderr).toMatch(/can't fork|Resource temporarily unavailable/);
    expect(worstGap).toBeLessThan(500);

    const report = await fetchUsageReport(a.conn);
    const usage = report.jails.find((u) => u.jail === name);
    expect(usage?.processLimit).toBe(32);
    expect(usage?.processCount).toBeLessThanOrEqual(32);
    expect(usage?.refusedForks).toBeGreaterThan(0);

    await waitFor(
      async () => a.events.find((e) => e.type === "limit.hit" && e.jail === name && e.resource === "processes"),
      3000,
      "limit.hit event",
    );

    await stopJail(a.conn, name, 1);
    await destroyJail(a.conn, name);
  });
});
