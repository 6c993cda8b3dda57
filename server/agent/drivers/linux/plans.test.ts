import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import { syncBuiltinESMExports } from "node:module";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RecordingRunner } from "../shared/recording-runner";
import { acceptedConfigEdits } from "./accept-config";
import { applyExecution } from "./apply";
import { planChange } from "./change";
import type { LinuxContext } from "./context";
import { planCreate } from "./create";
import { configDrift } from "./drift";
import { recoverOperations } from "./recover";
import type { LinuxExecution } from "./steps";
import { fakeBusyboxCreate, INFO, lxcInfo, recordedLinuxContext } from "./test-context";
import { planUnprivilege, shiftRootfs } from "./unprivilege";

const MiB = 1024 * 1024;
let root: string;
let runner: RecordingRunner;
let ctx: LinuxContext;
const lock = <T>(task: () => Promise<T>) => task();

beforeEach(async () => {
  ({ root, runner, ctx } = await recordedLinuxContext("stk-linux-plans-", "10.213.7.0/28"));
});
afterEach(() => {
  vi.restoreAllMocks();
  syncBuiltinESMExports();
  rmSync(root, { recursive: true, force: true });
});

const changing = () => runner.commands.filter((argv) => argv[0] !== "lxc-info");

describe("Linux plans (recording runner)", () => {
  it("plans a create from the same renderer the driver writes, and applies exactly its commands", async () => {
    runner.on(INFO(ctx.lxcPath, "web1"), lxcInfo("STOPPED"));
    const create = ["lxc-create", "-P", ctx.lxcPath, "-n", "web1", "-t", "busybox", "-f", `${ctx.templates.createConfig}.web1`];
    runner.on(create, () => fakeBusyboxCreate(ctx.lxcPath, "web1"));
    const plan = await planCreate(ctx, {
      name: "web1",
      template: "busybox",
      limits: { memoryBytes: 64 * MiB },
      autostart: false,
      tags: [],
    });
    expect(plan.shown.commands.map((c) => c.argv)).toEqual([create]);
    expect(runner.commands).toEqual([]);
    const jail = await applyExecution(ctx, plan.execution as LinuxExecution, { progress: () => {} }, lock);
    // The jail it returns is read from its own container alone, not from a listing of all.
    expect(runner.commands).toEqual([create, INFO(ctx.lxcPath, "web1")]);
    expect(jail).toMatchObject({ name: "web1", ipv4: ["10.213.7.2"], limits: { memoryBytes: 64 * MiB } });
    const written = readFileSync(path.join(ctx.lxcPath, "web1", "config"), "utf8");
    const block = (text: string) => text.slice(text.indexOf("# --- Stockade"));
    expect(block(written)).toBe(block(plan.shown.configAfter!));
    expect(readFileSync(path.join(ctx.lxcPath, "web1", "rootfs", "etc", "inittab"), "utf8")).toContain("console::sysinit:");
    expect(readdirSync(path.join(root, "state", "operations"))).toEqual([]);
  });

  it("plans a share as the host path the agent makes, read-only, and makes it before the container", async () => {
    runner.on(INFO(ctx.lxcPath, "files1"), lxcInfo("STOPPED"));
    const create = ["lxc-create", "-P", ctx.lxcPath, "-n", "files1", "-t", "busybox", "-f", `${ctx.templates.createConfig}.files1`];
    runner.on(create, () => fakeBusyboxCreate(ctx.lxcPath, "files1"));
    const mounts = [{ share: "example", jailPath: "/srv/share" }];
    const plan = await planCreate(ctx, { name: "files1", template: "busybox", autostart: false, tags: [], mounts });
    const share = path.join(ctx.shareDir, "example");
    const exec = plan.execution as LinuxExecution;
    expect(exec.after!.mounts).toEqual([{ hostPath: share, jailPath: "/srv/share", readOnly: true }]);
    expect(exec.steps.slice(0, 2)).toEqual([{ type: "reserve" }, { type: "make-share", path: share }]);
    expect(plan.shown.warnings).toContain(`Host path mounted at each start: ${share} -> /srv/share (ro).`);
    expect(plan.shown.warnings.some((w) => w.startsWith(`Share ${share}: made now`))).toBe(true);
    // Planning changes nothing: the share is made by apply.
    expect(() => statSync(share)).toThrow();
    await applyExecution(ctx, exec, { progress: () => {} }, lock);
    expect(statSync(share).isDirectory()).toBe(true);
    expect(readdirSync(share).sort()).toEqual(["README.txt", "index.html"]);
    expect(await ctx.store.get("files1")).toMatchObject({ mounts: [{ hostPath: share, readOnly: true }] });
    await expect(
      planCreate(ctx, { name: "f2", template: "busybox", autostart: false, tags: [], mounts: [{ share: "../x", jailPath: "/srv" }] }),
    ).rejects.toThrow();
  });

  it("changes a running jail's limits with lxc-cgroup, exactly the planned argv, after writing the planned config", async () => {
    runner.on(INFO(ctx.lxcPath, "web1"), lxcInfo("STOPPED"));
    runner.on(["lxc-create", "-P", ctx.lxcPath, "-n", "web1", "-t", "busybox", "-f", `${ctx.templates.createConfig}.web1`], () =>
      fakeBusyboxCreate(ctx.lxcPath, "web1"),
    );
    const created = await planCreate(ctx, { name: "web1", template: "busybox", autostart: false, tags: [] });
    await applyExecution(ctx, created.execution as LinuxExecution, { progress: () => {} }, lock);
    runner.on(INFO(ctx.lxcPath, "web1"), lxcInfo("RUNNING", 4242));
    const set = [
      ["lxc-cgroup", "-P", ctx.lxcPath, "-n", "web1", "memory.max", String(96 * MiB)],
      ["lxc-cgroup", "-P", ctx.lxcPath, "-n", "web1", "cpu.max", "50000 100000"],
    ];
    for (const argv of set) runner.on(argv, {});
    const plan = await planChange(ctx, { name: "web1", limits: { memoryBytes: 96 * MiB, cpuPercent: 50 } });
    expect(plan.shown.commands.map((c) => c.argv)).toEqual(set);
    expect(plan.shown.effects).toEqual([
      { field: "limits.memoryBytes", when: "live" },
      { field: "limits.cpuPercent", when: "live" },
    ]);
    const before = changing().length;
    await applyExecution(ctx, plan.execution as LinuxExecution, { progress: () => {} }, lock);
    expect(changing().slice(before)).toEqual(set);
    expect(readFileSync(path.join(ctx.lxcPath, "web1", "config"), "utf8")).toBe(plan.shown.configAfter);
    expect(await ctx.store.get("web1")).toMatchObject({ limits: { memoryBytes: 96 * MiB, cpuPercent: 50 } });
  });

  it("rolls back a create a crash interrupted: the container, its definition and the journal go", async () => {
    const plan = await planCreate(ctx, { name: "half", template: "busybox", autostart: false, tags: [] });
    const def = (plan.execution as LinuxExecution).after!;
    await ctx.journal.write({ kind: "create", name: "half", after: def, running: null, startedAt: 0 });
    await ctx.store.put(def);
    fakeBusyboxCreate(ctx.lxcPath, "half");
    runner.on(["lxc-stop", "-P", ctx.lxcPath, "-n", "half", "-k"], { exitCode: 1 });
    runner.on(["lxc-destroy", "-P", ctx.lxcPath, "-n", "half"], {});
    await recoverOperations(ctx);
    expect(runner.commands).toEqual([
      ["lxc-stop", "-P", ctx.lxcPath, "-n", "half", "-k"],
      ["lxc-destroy", "-P", ctx.lxcPath, "-n", "half"],
    ]);
    expect(readdirSync(ctx.lxcPath)).toEqual([]);
    expect(await ctx.store.get("half")).toBeNull();
    expect(readdirSync(path.join(root, "state", "operations"))).toEqual([]);
  });

  it("completes a migration to unprivileged a crash cut short, shifting each file's owner once", async () => {
    runner.on(INFO(ctx.lxcPath, "old1"), lxcInfo("STOPPED"));
    runner.on(["lxc-create", "-P", ctx.lxcPath, "-n", "old1", "-t", "busybox", "-f", ctx.templates.createConfig], () =>
      fakeBusyboxCreate(ctx.lxcPath, "old1"),
    );
    const created = await planCreate(ctx, {
      name: "old1",
      template: "busybox",
      parameters: { privileged: true },
      autostart: false,
      tags: [],
    });
    await applyExecution(ctx, created.execution as LinuxExecution, { progress: () => {} }, lock);
    const plan = await planUnprivilege(ctx, "old1");
    expect(plan.shown.commands).toEqual([]);
    const after = (plan.execution as LinuxExecution).after!;
    const start = after.security.idRangeStart!;
    // The crash came after the shift, before the config and the definition were written.
    await ctx.journal.write({ kind: "unprivilege", name: "old1", after, running: null, startedAt: 0 });
    await shiftRootfs(ctx.lxcPath, "old1", start);
    runner.on(["lxc-stop", "-P", ctx.lxcPath, "-n", "old1", "-k"], { exitCode: 1 });
    await recoverOperations(ctx);
    expect(statSync(path.join(ctx.lxcPath, "old1", "rootfs", "etc", "inittab")).uid).toBe(start);
    expect(readFileSync(path.join(ctx.lxcPath, "old1", "config"), "utf8")).toContain(`lxc.idmap = u 0 ${start} 65536`);
    expect(await ctx.store.get("old1")).toMatchObject({ parameters: {}, security: { privileged: false, idRangeStart: start } });
    expect(readdirSync(path.join(root, "state", "operations"))).toEqual([]);
  });

  it("leaves a journal that does not validate in place and touches nothing", async () => {
    writeFileSync(
      path.join(root, "state", "operations", "web1.json"),
      JSON.stringify({ kind: "create", name: "web1", running: ["rm", "-rf", "/"] }),
    );
    await recoverOperations(ctx);
    expect(runner.commands).toEqual([]);
    expect(readdirSync(path.join(root, "state", "operations"))).toEqual(["web1.json"]);
  });
});

describe("Linux create and change refuse addresses before any command runs (recording runner)", () => {
  const created = async (name: string) => {
    runner.on(INFO(ctx.lxcPath, name), lxcInfo("STOPPED"));
    runner.on(["lxc-create", "-P", ctx.lxcPath, "-n", name, "-t", "busybox", "-f", `${ctx.templates.createConfig}.${name}`], () =>
      fakeBusyboxCreate(ctx.lxcPath, name),
    );
    const plan = await planCreate(ctx, { name, template: "busybox", autostart: false, tags: [] });
    return applyExecution(ctx, plan.execution as LinuxExecution, { progress: () => {} }, lock);
  };
  /** The host's own interfaces, as os.networkInterfaces() reports them, holding `address`. */
  const hostHolds = (address: string) => {
    const nic = { address, netmask: "255.255.255.240", family: "IPv4", mac: "00:00:00:00:00:00", internal: false, cidr: `${address}/28` };
    vi.spyOn(os, "networkInterfaces").mockReturnValue({ eth9: [nic as os.NetworkInterfaceInfoIPv4] });
    syncBuiltinESMExports();
  };
  const refusedCreate = (ipv4: string) => planCreate(ctx, { name: "web2", template: "busybox", ipv4, autostart: false, tags: [] });
  const refusedChange = (ipv4: string) => planChange(ctx, { name: "web1", ipv4: [ipv4] });
  /** Each address is refused as a conflict saying why, and no command runs for any of them. */
  async function expectRefused(plan: (ipv4: string) => Promise<unknown>, refusals: Array<[string, RegExp]>) {
    const before = changing().length;
    for (const [ipv4, why] of refusals) {
      await expect(plan(ipv4), ipv4).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(why) });
    }
    expect(changing().slice(before)).toEqual([]);
  }

  it("refuses the pool's gateway, an address another jail holds, and one the host holds, for a create", async () => {
    await created("web1");
    hostHolds("10.213.7.9");
    await expectRefused(refusedCreate, [
      ["10.213.7.1", /gateway/],
      ["10.213.7.2", /used by jail web1/],
      ["10.213.7.9", /on the host itself/],
    ]);
  });

  it("refuses the same three for a change, and the next free address skips the host's", async () => {
    await created("web1");
    hostHolds("10.213.7.3");
    const second = await created("web2");
    expect(second?.ipv4).toEqual(["10.213.7.4"]);
    await expectRefused(refusedChange, [
      ["10.213.7.1", /gateway/],
      ["10.213.7.4", /used by jail web2/],
      ["10.213.7.3", /on the host itself/],
    ]);
  });

  it("accepts a hand edit of Stockade's block: the definition takes the file's values, and the file then agrees with it", async () => {
    runner.on(INFO(ctx.lxcPath, "web1"), lxcInfo("STOPPED"));
    runner.on(["lxc-create", "-P", ctx.lxcPath, "-n", "web1", "-t", "busybox", "-f", `${ctx.templates.createConfig}.web1`], () =>
      fakeBusyboxCreate(ctx.lxcPath, "web1"),
    );
    const created = await planCreate(ctx, { name: "web1", template: "busybox", limits: { maxProcesses: 100 }, autostart: false, tags: [] });
    await applyExecution(ctx, created.execution as LinuxExecution, { progress: () => {} }, lock);
    const file = path.join(ctx.lxcPath, "web1", "config");
    const edited = readFileSync(file, "utf8")
      .replace("lxc.uts.name = web1", "lxc.uts.name = renamed")
      .replace("pids.max = 100", "pids.max = 77");
    writeFileSync(file, edited);
    const drift = configDrift(edited, (await ctx.store.get("web1"))!, ctx.config);
    expect(drift.map((d) => d.key)).toEqual(["config:lxc.uts.name", "config:lxc.cgroup2.pids.max"]);
    const plan = await planChange(ctx, { name: "web1", ...acceptedConfigEdits("web1", drift) });
    expect(plan.shown.configBefore).toBe(edited);
    expect(readFileSync(file, "utf8")).toBe(edited);
    await applyExecution(ctx, plan.execution as LinuxExecution, { progress: () => {} }, lock);
    const def = (await ctx.store.get("web1"))!;
    expect(def).toMatchObject({ hostname: "renamed", limits: { maxProcesses: 77 } });
    const after = readFileSync(file, "utf8");
    expect(after).toContain("lxc.uts.name = renamed");
    expect(configDrift(after, def, ctx.config)).toEqual([]);
  });
});
