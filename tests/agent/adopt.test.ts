import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyJailPlan, createJail, fetchJail, planJailChange, startJail, stopJail } from "@/server/agent-client";
import { canRunLxc, cleanupEnv, makeTestEnv, startInProcessAgent, waitFor, type InProcessAgent, type TestEnv } from "./harness";

const run = promisify(execFile);

describe.skipIf(!canRunLxc)("[integration] adopting a container made with plain lxc-create", () => {
  let env: TestEnv;
  let a: InProcessAgent;
  const name = `adopt${randomBytes(3).toString("hex")}`;
  const marker = `made before Stockade ${randomBytes(4).toString("hex")}`;

  beforeAll(async () => {
    env = await makeTestEnv();
    a = await startInProcessAgent(env);
    // As an admin would: lxc-create's busybox template in the agent's LXC path, privileged, no network.
    const lxcPath = env.config.lxcPath;
    const conf = path.join(env.root, "plain.conf");
    await writeFile(conf, "lxc.net.0.type = empty\nlxc.apparmor.profile = unconfined\n");
    await run("lxc-create", ["-P", lxcPath, "-n", name, "-t", "busybox", "-f", conf]);
    await mkdir(path.join(lxcPath, name, "rootfs", "root"), { recursive: true });
    await writeFile(path.join(lxcPath, name, "rootfs", "root", "marker"), marker);
  }, 120_000);

  afterAll(async () => {
    await a?.agent.close();
    if (env) await cleanupEnv(env);
  });

  it("lists it as unmanaged with its posture, and touches nothing of it until it is adopted", async () => {
    const jail = await fetchJail(a.conn, name);
    expect(jail).toMatchObject({ name, state: "stopped", adopted: true, unmanaged: true });
    expect(jail.parameters["privileged"]).toBe(true);
    await expect(startJail(a.conn, name)).rejects.toMatchObject({
      code: "unsupported",
      message: expect.stringContaining("adopt it first"),
    });
    await expect(planJailChange(a.conn, { kind: "change", input: { name, limits: { maxProcesses: 50 } } })).rejects.toMatchObject({
      code: "unsupported",
    });
  });

  it("is adopted through a plan that shows Stockade's block under its own lines, and keeps its rootfs", async () => {
    const configFile = path.join(env.config.lxcPath, name, "config");
    const before = await readFile(configFile, "utf8");
    const plan = await planJailChange(a.conn, { kind: "adopt", name });
    expect(plan).toMatchObject({ kind: "adopt", jail: name, configPath: configFile, configBefore: before });
    expect(plan.configAfter).toContain("# --- Stockade: everything below is rewritten by the agent ---");
    expect(plan.configAfter).toContain(`lxc.net.0.link = ${env.config.bridge}`);
    expect(plan.configAfter).toMatch(/^lxc\.rootfs\.path = .*rootfs$/m);
    expect(plan.warnings.join(" ")).toContain("is privileged");
    const applied = await applyJailPlan(a.conn, { planId: plan.id, jail: name, kind: "adopt" });
    expect(applied.jail).toMatchObject({ name, adopted: true, state: "stopped" });
    expect(applied.jail?.unmanaged).toBeUndefined();
    expect(await readFile(configFile, "utf8")).toBe(plan.configAfter);
    expect((await fetchJail(a.conn, name)).drift).toEqual([]);
  });

  it("flags Stockade's block edited by hand, and the revert plan writes it again", async () => {
    const configFile = path.join(env.config.lxcPath, name, "config");
    const written = await readFile(configFile, "utf8");
    await writeFile(configFile, written.replace(/^lxc\.uts\.name = .*$/m, "lxc.uts.name = edited-by-hand"));
    expect((await fetchJail(a.conn, name)).drift).toEqual([{ key: "config:lxc.uts.name", defined: name, running: "edited-by-hand" }]);
    const plan = await planJailChange(a.conn, { kind: "reconcile", name, keep: "definition" });
    expect(plan.configAfter).toBe(written);
    await applyJailPlan(a.conn, { planId: plan.id, jail: name, kind: "change" });
    expect((await fetchJail(a.conn, name)).drift).toEqual([]);
  });

  it("accepts a hand edit of its hostname: the plan takes it into the definition, and the file agrees with it after", async () => {
    const configFile = path.join(env.config.lxcPath, name, "config");
    const edited = (await readFile(configFile, "utf8")).replace(/^lxc\.uts\.name = .*$/m, "lxc.uts.name = accepted-by-hand");
    await writeFile(configFile, edited);
    const plan = await planJailChange(a.conn, { kind: "reconcile", name, keep: "running" });
    expect(plan.configBefore).toBe(edited);
    expect(plan.configAfter).toContain("lxc.uts.name = accepted-by-hand");
    await applyJailPlan(a.conn, { planId: plan.id, jail: name, kind: "change" });
    expect(await fetchJail(a.conn, name)).toMatchObject({ hostname: "accepted-by-hand", drift: [] });
  });

  it("starts and stops from Stockade, with its own files and a pool address", async () => {
    const started = await startJail(a.conn, name);
    expect(started.state).toBe("running");
    // The agent has no exec method: the test looks inside with lxc-attach, as the admin would.
    const read = await run("lxc-attach", ["-P", env.config.lxcPath, "-n", name, "--", "cat", "/root/marker"]);
    expect(read.stdout).toBe(marker);
    expect(started.ipv4).toHaveLength(1);
    expect(started.ipv4[0]!.startsWith(env.config.pool.split(".").slice(0, 3).join("."))).toBe(true);
  });

  it("flags a limit changed with lxc-cgroup behind its back, and a reconcile plan sets it back", async () => {
    await run("lxc-cgroup", ["-P", env.config.lxcPath, "-n", name, "pids.max", "42"]);
    const drifted = await fetchJail(a.conn, name);
    expect(drifted.drift).toEqual([{ key: "limits.pids.max", defined: "max", running: "42" }]);
    const plan = await planJailChange(a.conn, { kind: "reconcile", name, keep: "definition" });
    expect(plan.commands.map((c) => c.argv)).toEqual([["lxc-cgroup", "-P", env.config.lxcPath, "-n", name, "pids.max", "max"]]);
    await applyJailPlan(a.conn, { planId: plan.id, jail: name, kind: "change" });
    expect((await fetchJail(a.conn, name)).drift).toEqual([]);
  });

  it("finds no drift in a jail Stockade created and started itself", async () => {
    const own = `${name}own`;
    await createJail(a.conn, { name: own, template: "busybox" });
    expect((await startJail(a.conn, own)).drift).toEqual([]);
    await stopJail(a.conn, own, 1);
  }, 120_000);

  it("stops from Stockade", async () => {
    const stopped = await stopJail(a.conn, name, 5);
    expect(stopped.state).toBe("stopped");
    await waitFor(async () => (await fetchJail(a.conn, name)).state === "stopped", 10_000, "stopped");
  });
});
