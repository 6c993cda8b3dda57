import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canRunLxc, cleanupEnv, makeTestEnv, startInProcessAgent, waitFor, type InProcessAgent, type TestEnv } from "./harness";

const { openFreshDatabase } = await import("@/server/api/test-support/database");
const database = await openFreshDatabase();
const { contextFor, makeCaller } = await import("@/server/api/test-support/callers");
const { createCaller } = await import("@/server/api/root");

const run = promisify(execFile);

/** The jail page's flow as the browser calls it (jails.plan, then jails.applyPlan of that plan), for a container in its own LXC path. */
describe.skipIf(!canRunLxc)("[integration] adopting a container made with plain lxc-create in another LXC path", () => {
  let env: TestEnv;
  let a: InProcessAgent;
  let web: ReturnType<typeof createCaller>;
  let lxcPath: string;
  const name = `adoptp${randomBytes(3).toString("hex")}`;
  const marker = `made before Stockade ${randomBytes(4).toString("hex")}`;
  const rootfs = () => path.join(lxcPath, name, "rootfs");

  beforeAll(async () => {
    env = await makeTestEnv();
    a = await startInProcessAgent(env);
    const admin = await makeCaller("adoptp-admin", [{ role: "admin", scopeType: "host", scopeValue: "local" }]);
    web = createCaller(contextFor(admin, {}, env.config.socketPath));
    // As an admin would: lxc-create's busybox template in a path of its own, privileged, no network.
    lxcPath = await mkdtemp(path.join(tmpdir(), "adoptp-lxc-"));
    const conf = path.join(lxcPath, "plain.conf");
    await writeFile(conf, "lxc.net.0.type = empty\nlxc.apparmor.profile = unconfined\n");
    await run("lxc-create", ["-P", lxcPath, "-n", name, "-t", "busybox", "-f", conf]);
    await mkdir(path.join(rootfs(), "root"), { recursive: true });
    await writeFile(path.join(rootfs(), "root", "marker"), marker);
  }, 120_000);

  afterAll(async () => {
    await run("lxc-stop", ["-P", lxcPath, "-n", name, "-k"]).catch(() => undefined);
    await run("lxc-destroy", ["-P", lxcPath, "-n", name]).catch(() => undefined);
    if (lxcPath) await rm(lxcPath, { recursive: true, force: true });
    await a?.agent.close();
    if (env) await cleanupEnv(env);
    database.cleanup();
  });

  it("is no jail before it is adopted: the agent's own path has no such container", async () => {
    expect((await web.jails.list()).map((j) => j.name)).not.toContain(name);
    await expect(web.jails.plan({ kind: "adopt", name })).rejects.toMatchObject({
      message: `No container named ${name} in ${env.config.lxcPath}`,
    });
  });

  it("refuses the agent's own directories as an LXC path", async () => {
    await expect(web.jails.plan({ kind: "adopt", name, lxcPath: env.config.stateDir })).rejects.toMatchObject({
      message: expect.stringContaining("which is Stockade's own"),
    });
  });

  it("is adopted through the plan, which shows its LXC path and its config there, and keeps its rootfs", async () => {
    const configFile = path.join(lxcPath, name, "config");
    const before = await readFile(configFile, "utf8");
    const rootfsBefore = await stat(path.join(rootfs(), "root", "marker"));
    const plan = await web.jails.plan({ kind: "adopt", name, lxcPath });
    expect(plan).toMatchObject({ kind: "adopt", jail: name, configPath: configFile, configBefore: before, commands: [] });
    expect(plan.warnings[0]).toContain(`LXC path: ${lxcPath} (not the agent's)`);
    expect(plan.configAfter).toContain(`lxc.rootfs.path = dir:${rootfs()}`);
    const applied = await web.jails.applyPlan({ name, planId: plan.id, kind: "adopt" });
    expect(applied.jail).toMatchObject({ name, adopted: true, state: "stopped", path: path.join(lxcPath, name) });
    expect(applied.jail?.unmanaged).toBeUndefined();
    expect(await readFile(configFile, "utf8")).toBe(plan.configAfter);
    const rootfsAfter = await stat(path.join(rootfs(), "root", "marker"));
    expect(rootfsAfter.ino).toBe(rootfsBefore.ino);
    expect((await web.jails.get({ name })).drift).toEqual([]);
  });

  it("starts from Stockade in its own path, with its own files", async () => {
    const started = await web.jails.start({ name });
    expect(started.state).toBe("running");
    expect(a.commands.map((c) => c.argv)).toContainEqual(expect.arrayContaining(["lxc-start", "-P", lxcPath, "-n", name]));
    // The agent has no exec method: the test looks inside with lxc-attach, as the admin would.
    const read = await run("lxc-attach", ["-P", lxcPath, "-n", name, "--", "cat", "/root/marker"]);
    expect(read.stdout).toBe(marker);
  });

  it("flags a limit changed with lxc-cgroup -P in its path, and a reconcile plan sets it back there", async () => {
    await run("lxc-cgroup", ["-P", lxcPath, "-n", name, "pids.max", "42"]);
    expect((await web.jails.get({ name })).drift).toEqual([{ key: "limits.pids.max", defined: "max", running: "42" }]);
    const plan = await web.jails.plan({ kind: "reconcile", name, keep: "definition" });
    expect(plan.commands.map((c) => c.argv)).toEqual([["lxc-cgroup", "-P", lxcPath, "-n", name, "pids.max", "max"]]);
    await web.jails.applyPlan({ name, planId: plan.id, kind: "change" });
    expect((await web.jails.get({ name })).drift).toEqual([]);
  });

  it("stops from Stockade", async () => {
    const stopped = await web.jails.stop({ name, timeoutSeconds: 5 });
    expect(stopped.state).toBe("stopped");
    expect(a.commands.map((c) => c.argv)).toContainEqual(expect.arrayContaining(["lxc-stop", "-P", lxcPath, "-n", name]));
    await waitFor(async () => (await web.jails.get({ name })).state === "stopped", 10_000, "stopped");
    const { stdout } = await run("lxc-info", ["-P", lxcPath, "-n", name, "-sH"]);
    expect(stdout.trim()).toBe("STOPPED");
  });
});
