import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AgentError } from "../../protocol";
import { RecordingRunner } from "../shared/recording-runner";
import { applyExecution } from "./apply";
import type { LinuxContext } from "./context";
import { planCreate } from "./create";
import type { LinuxExecution } from "./steps";
import { recordedLinuxContext } from "./test-context";

let root: string;
let runner: RecordingRunner;
let ctx: LinuxContext;
const lock = <T>(task: () => Promise<T>) => task();
const STDERR = "lxc-create: web1: lxccontainer.c: create_run_template: 1627 Failed to create container from template";

beforeEach(async () => {
  ({ root, runner, ctx } = await recordedLinuxContext("op10-create-failure-", "10.213.8.0/28"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** The rollback's commands for one jail: kill it if running (it is not), then destroy it. */
function scriptRollback(name: string) {
  runner.on(["lxc-stop", "-P", ctx.lxcPath, "-n", name, "-k"], { exitCode: 2 });
  runner.on(["lxc-destroy", "-P", ctx.lxcPath, "-n", name], {});
}

/** An lxc-create that got as far as a config and part of a rootfs, then exited 1. */
function failingCreate(name: string) {
  return () => {
    const rootfs = path.join(ctx.lxcPath, name, "rootfs");
    mkdirSync(path.join(rootfs, "bin"), { recursive: true });
    writeFileSync(path.join(ctx.lxcPath, name, "config"), `lxc.rootfs.path = dir:${rootfs}\n`);
    return { exitCode: 1, stderr: STDERR };
  };
}

describe("a Linux create whose lxc-create fails (recording runner)", () => {
  it("fails with lxc-create's own message and leaves no definition, container, journal or address behind", async () => {
    const create = ["lxc-create", "-P", ctx.lxcPath, "-n", "web1", "-t", "busybox", "-f", `${ctx.templates.createConfig}.web1`];
    runner.on(create, failingCreate("web1"));
    scriptRollback("web1");
    const plan = await planCreate(ctx, { name: "web1", template: "busybox", autostart: false, tags: [] });
    expect((plan.execution as LinuxExecution).after!.ipv4).toBe("10.213.8.2");

    const failed = applyExecution(ctx, plan.execution as LinuxExecution, { progress: () => {} }, lock);
    await expect(failed).rejects.toBeInstanceOf(AgentError);
    await expect(failed).rejects.toMatchObject({ code: "engine_failed", message: `lxc-create failed (exit 1): ${STDERR}` });

    expect(runner.commands).toEqual([
      create,
      ["lxc-stop", "-P", ctx.lxcPath, "-n", "web1", "-k"],
      ["lxc-destroy", "-P", ctx.lxcPath, "-n", "web1"],
    ]);
    expect(readdirSync(ctx.lxcPath)).toEqual([]);
    expect(await ctx.store.get("web1")).toBeNull();
    expect(readdirSync(path.join(root, "state", "operations"))).toEqual([]);
    expect(ctx.creating.size).toBe(0);
    // The name and the address are free again: the same create plans as if nothing had happened.
    const again = await planCreate(ctx, { name: "web1", template: "busybox", autostart: false, tags: [] });
    expect((again.execution as LinuxExecution).after!.ipv4).toBe("10.213.8.2");
  });

  it("removes what an lxc-create that failed before writing its config left, though LXC does not list it", async () => {
    scriptRollback("web2");
    const create = ["lxc-create", "-P", ctx.lxcPath, "-n", "web2", "-t", "busybox", "-f", `${ctx.templates.createConfig}.web2`];
    runner.on(create, () => {
      mkdirSync(path.join(ctx.lxcPath, "web2", "rootfs", "bin"), { recursive: true });
      return { exitCode: 1, stderr: "lxc-create: web2: out of space" };
    });
    const plan = await planCreate(ctx, { name: "web2", template: "busybox", autostart: false, tags: [] });
    await expect(applyExecution(ctx, plan.execution as LinuxExecution, { progress: () => {} }, lock)).rejects.toThrow(
      "lxc-create failed (exit 1): lxc-create: web2: out of space",
    );
    expect(readdirSync(ctx.lxcPath)).toEqual([]);
    expect(await ctx.store.get("web2")).toBeNull();
  });
});
