import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { RecordingRunner } from "../shared/recording-runner";
import { planAdopt } from "./adopt";
import { applyExecution } from "./apply";
import { planChange } from "./change";
import type { LinuxContext } from "./context";
import { planCreate } from "./create";
import { configDrift } from "./drift";
import { recoverOperations } from "./recover";
import type { LinuxExecution } from "./steps";
import { fakeBusyboxCreate, INFO, lxcInfo, recordedLinuxContext } from "./test-context";

const MiB = 1024 * 1024;
let root: string;
let runner: RecordingRunner;
let ctx: LinuxContext;
const lock = <T>(task: () => Promise<T>) => task();
const journalFiles = () => readdirSync(path.join(root, "state", "operations"));
const configOf = (name: string) => readFileSync(path.join(ctx.lxcPath, name, "config"), "utf8");

beforeEach(async () => {
  ({ root, runner, ctx } = await recordedLinuxContext("stk-linux-change-journal-", "10.213.8.0/28"));
  runner.on(INFO(ctx.lxcPath, "web1"), lxcInfo("STOPPED"));
  runner.on(["lxc-create", "-P", ctx.lxcPath, "-n", "web1", "-t", "busybox", "-f", `${ctx.templates.createConfig}.web1`], () =>
    fakeBusyboxCreate(ctx.lxcPath, "web1"),
  );
  const created = await planCreate(ctx, { name: "web1", template: "busybox", autostart: false, tags: [] });
  await applyExecution(ctx, created.execution as LinuxExecution, { progress: () => {} }, lock);
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(root, { recursive: true, force: true });
});

/** The config and the definition say the same: no drift of Stockade's block, and the limit is the one asked for. */
async function expectAgree(memoryBytes: number) {
  const def = (await ctx.store.get("web1"))!;
  expect(def.limits.memoryBytes).toBe(memoryBytes);
  expect(configDrift(configOf("web1"), def, ctx.config)).toEqual([]);
}

describe("a Linux change is journaled before it writes a file (recording runner)", () => {
  it("records the change before its config is written, even on a stopped jail", async () => {
    const plan = await planChange(ctx, { name: "web1", limits: { memoryBytes: 64 * MiB } });
    const order: string[] = [];
    const write = ctx.journal.write.bind(ctx.journal);
    vi.spyOn(ctx.journal, "write").mockImplementation(async (entry) => {
      order.push(`journal ${entry.kind}`);
      return write(entry);
    });
    const put = ctx.store.put.bind(ctx.store);
    vi.spyOn(ctx.store, "put").mockImplementation(async (def) => {
      order.push(`definition, config ${configOf("web1").includes(`memory.max = ${64 * MiB}`) ? "written" : "not written"}`);
      return put(def);
    });
    await applyExecution(ctx, plan.execution as LinuxExecution, { progress: () => {} }, lock);
    expect(order).toEqual(["journal change", "definition, config written"]);
    expect(journalFiles()).toEqual([]);
  });

  it("a definition that cannot be written after the config: the journal stays, and start-up recovery makes them agree", async () => {
    const plan = await planChange(ctx, { name: "web1", limits: { memoryBytes: 64 * MiB } });
    const put = vi.spyOn(ctx.store, "put").mockRejectedValue(new Error("ENOSPC: no space left on device"));
    await expect(applyExecution(ctx, plan.execution as LinuxExecution, { progress: () => {} }, lock)).rejects.toThrow("ENOSPC");
    // What the agent dying here leaves: the new config, the old definition, and the journal naming the change.
    expect(configOf("web1")).toBe(plan.shown.configAfter);
    expect((await ctx.store.get("web1"))!.limits.memoryBytes).toBeNull();
    expect(journalFiles()).toEqual(["web1.json"]);
    put.mockRestore();
    await recoverOperations(ctx);
    await expectAgree(64 * MiB);
    expect(configOf("web1")).toBe(plan.shown.configAfter);
    expect(journalFiles()).toEqual([]);
  });

  it("a definition write that fails once is completed at once: config and definition agree without a restart", async () => {
    const plan = await planChange(ctx, { name: "web1", limits: { memoryBytes: 48 * MiB } });
    vi.spyOn(ctx.store, "put").mockRejectedValueOnce(new Error("EIO: i/o error"));
    await expect(applyExecution(ctx, plan.execution as LinuxExecution, { progress: () => {} }, lock)).rejects.toThrow("EIO");
    await expectAgree(48 * MiB);
    expect(journalFiles()).toEqual([]);
  });

  it("an adopt cut short after its config is written is completed at start-up: the jail is managed, as its config says", async () => {
    const rootfs = path.join(ctx.lxcPath, "old1", "rootfs");
    mkdirSync(rootfs, { recursive: true });
    writeFileSync(
      path.join(ctx.lxcPath, "old1", "config"),
      `lxc.rootfs.path = dir:${rootfs}\nlxc.uts.name = old1\nlxc.net.0.type = empty\n`,
    );
    runner.on(["lxc-ls", "-P", ctx.lxcPath, "-f", "-F", "NAME,STATE,PID,IPV4"], { stdout: "NAME STATE PID IPV4\nold1 STOPPED - -\n" });
    runner.on(INFO(ctx.lxcPath, "old1"), lxcInfo("STOPPED"));
    const plan = await planAdopt(ctx, "old1");
    const put = vi.spyOn(ctx.store, "put").mockRejectedValue(new Error("ENOSPC: no space left on device"));
    await expect(applyExecution(ctx, plan.execution as LinuxExecution, { progress: () => {} }, lock)).rejects.toThrow("ENOSPC");
    expect(configOf("old1")).toBe(plan.shown.configAfter);
    expect(await ctx.store.get("old1")).toBeNull();
    put.mockRestore();
    await recoverOperations(ctx);
    const def = (await ctx.store.get("old1"))!;
    expect(def).toMatchObject({ name: "old1", adopted: true });
    expect(configOf("old1")).toBe(plan.shown.configAfter);
    expect(configDrift(configOf("old1"), def, ctx.config)).toEqual([]);
    expect(journalFiles()).toEqual([]);
  });
});
