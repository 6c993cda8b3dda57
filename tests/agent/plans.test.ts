import { execFile } from "node:child_process";
import { chmod, readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyJailPlan, fetchJail, fetchJails, planJailChange, startJail, stopJail } from "@/server/agent-client";
import type { AgentEvent, Plan } from "@/server/agent/protocol";
import { canRunLxc, cleanupEnv, makeTestEnv, startAgentWithEvents, waitFor, type AgentWithEvents, type TestEnv } from "./harness";

const run = promisify(execFile);
const MiB = 1024 * 1024;
const MARKER = "# --- Stockade";
const stockadeBlock = (config: string) => config.slice(config.indexOf(MARKER));

/** An rc script that greets on start and says goodbye on stop: the boot output to look for. */
const HELLO = `#!/bin/sh
case "$1" in
  start) echo "hello from the jail" ;;
  stop) echo "goodbye from the jail" ;;
esac
`;

describe.skipIf(!canRunLxc)("[integration] plans on the Linux driver: create, change live, stale, destroy, boot output", () => {
  let env: TestEnv;
  let a: AgentWithEvents;
  let name: string;

  beforeAll(async () => {
    env = await makeTestEnv();
    a = await startAgentWithEvents(env);
    name = `${env.prefix}-plan`;
  });

  afterAll(async () => {
    a?.subscription.close();
    await a?.agent.close();
    if (env) await cleanupEnv(env);
  });

  const output = (phase: "start" | "stop") =>
    a.events
      .filter((e): e is Extract<AgentEvent, { type: "jail.output" }> => e.type === "jail.output" && e.jail === name && e.phase === phase)
      .map((e) => e.data)
      .join("");

  it("plans a create without creating anything, then applies exactly it", async () => {
    const plan = await planJailChange(a.conn, { kind: "create", input: { name, template: "busybox", limits: { memoryBytes: 128 * MiB } } });
    expect(plan.commands.map((c) => c.argv[0])).toEqual(["lxc-create"]);
    expect(plan.commands[0]!.argv).toEqual(expect.arrayContaining(["-P", env.config.lxcPath, "-n", name, "-t", "busybox"]));
    expect(plan.configAfter).toMatch(/lxc\.net\.0\.ipv4\.address = 10\.\d+\.\d+\.\d+\/28/);
    expect(await readdir(env.config.lxcPath)).not.toContain(name);
    expect((await fetchJails(a.conn)).map((j) => j.name)).not.toContain(name);

    const { jail } = await applyJailPlan(a.conn, { planId: plan.id });
    expect(jail).toMatchObject({ name, state: "stopped", limits: { memoryBytes: 128 * MiB } });
    const written = await readFile(path.join(env.config.lxcPath, name, "config"), "utf8");
    expect(stockadeBlock(written)).toBe(stockadeBlock(plan.configAfter!));
  });

  it("streams the jail's boot output as jail.output events when it starts", { timeout: 30_000 }, async () => {
    const script = path.join(env.config.lxcPath, name, "rootfs", "etc", "init.d", "S50hello");
    await writeFile(script, HELLO);
    await chmod(script, 0o755);
    await startJail(a.conn, name);
    await waitFor(async () => output("start").includes("hello from the jail"), 15_000, "the boot output");
    expect(output("start")).toContain("Starting S50hello");
  });

  it("changes the memory limit of the running jail live; jails.get shows it at once", async () => {
    const plan = await planJailChange(a.conn, { kind: "change", input: { name, limits: { memoryBytes: 96 * MiB } } });
    expect(plan.effects).toEqual([{ field: "limits.memoryBytes", when: "live" }]);
    expect(plan.configBefore).toContain(String(128 * MiB));
    expect(plan.configAfter).toContain(String(96 * MiB));
    const [set] = plan.commands;
    expect(set!.argv.slice(0, 5)).toEqual(["lxc-cgroup", "-P", env.config.lxcPath, "-n", name]);
    const before = (await fetchJail(a.conn, name)).initPid;
    await applyJailPlan(a.conn, { planId: plan.id });
    const after = await fetchJail(a.conn, name);
    expect(after).toMatchObject({ state: "running", initPid: before, limits: { memoryBytes: 96 * MiB } });
    // lxc-cgroup with no value prints the controller's current one: the kernel's limit, not our record.
    const { stdout } = await run("lxc-cgroup", set!.argv.slice(1, 6));
    expect(stdout.trim()).toBe(String(96 * MiB));
    expect(await readFile(path.join(env.config.lxcPath, name, "config"), "utf8")).toContain(String(96 * MiB));
  });

  it("says a parameter waits for a restart, and refuses the second of two plans made from the same state", async () => {
    const first = await planJailChange(a.conn, { kind: "change", input: { name, parameters: { "allow.raw_sockets": false } } });
    const second = await planJailChange(a.conn, { kind: "change", input: { name, limits: { maxProcesses: 50 } } });
    expect(first.effects).toEqual([{ field: "parameters.allow.raw_sockets", when: "next-start" }]);
    expect(first.warnings.join(" ")).toMatch(/take effect when .* is restarted/);
    expect(first.commands).toEqual([]);
    await applyJailPlan(a.conn, { planId: first.id });
    await expect(applyJailPlan(a.conn, { planId: second.id })).rejects.toMatchObject({ code: "stale_plan" });
    await expect(applyJailPlan(a.conn, { planId: first.id })).rejects.toMatchObject({ code: "stale_plan" });
  });

  it("streams the shutdown output when it stops", { timeout: 30_000 }, async () => {
    await stopJail(a.conn, name, 10);
    expect(output("stop")).toContain("goodbye from the jail");
  });

  it("destroys with the planned commands and leaves nothing", async () => {
    const plan: Plan = await planJailChange(a.conn, { kind: "destroy", name });
    expect(plan.commands.map((c) => c.argv[0])).toEqual(["lxc-destroy"]);
    expect(plan.configAfter).toBeNull();
    await expect(applyJailPlan(a.conn, { planId: plan.id })).resolves.toMatchObject({ jail: null });
    expect((await fetchJails(a.conn)).map((j) => j.name)).not.toContain(name);
    expect(await readdir(env.config.lxcPath)).not.toContain(name);
  });
});
