import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CreateJailInput } from "../../protocol";
import type { DriverPlan } from "../driver";
import type { RecordingRunner } from "../shared/recording-runner";
import { applyExecution } from "./apply";
import type { LinuxContext } from "./context";
import { debianOverlay } from "./contain/shifted-debian";
import { planCreate } from "./create";
import { DEBIAN_BASE } from "./debian-base";
import { planDestroy } from "./destroy";
import type { LinuxExecution } from "./steps";
import { fakeBusyboxCreate, INFO, lxcInfo, recordedLinuxContext } from "./test-context";
import { planUnprivilege } from "./unprivilege";

let root: string;
let runner: RecordingRunner;
let ctx: LinuxContext;
const lock = <T>(task: () => Promise<T>) => task();
const SHARE = { share: "example", jailPath: "/srv/share" };

beforeEach(async () => {
  ({ root, runner, ctx } = await recordedLinuxContext("stk-linux-plan-commands-", "10.213.10.0/28"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** The test's mount table, as the kernel's lists a mount: its mount point is the fifth field. */
const mountinfo = () => ctx.templates.mountinfo;
const mountedAt = (target: string) => appendFileSync(mountinfo(), `99 1 0:99 / ${target} rw,relatime - none none rw\n`);
const unmountedAt = (target: string) =>
  writeFileSync(mountinfo(), readFileSync(mountinfo(), "utf8").replace(`99 1 0:99 / ${target} rw,relatime - none none rw\n`, ""));

/** mount and umount as the kernel does them, in the test's mount table. */
function scriptMounts(argvs: string[][]) {
  for (const argv of argvs) {
    const target = argv.at(-1)!;
    if (argv[0] === "umount") runner.on(argv, () => (unmountedAt(target), {}));
    else if (argv.includes("--bind") || argv.includes("overlay")) runner.on(argv, () => (mountedAt(target), {}));
    else runner.on(argv, {});
  }
}

const apply = (plan: DriverPlan) => applyExecution(ctx, plan.execution as LinuxExecution, { progress: () => {} }, lock);

/** Applies the plan: every command it runs but the lxc-info reads is, in order, one the plan listed. */
async function expectRunsExactly(plan: DriverPlan) {
  const before = runner.commands.length;
  await apply(plan);
  const ran = runner.commands.slice(before).filter((argv) => argv[0] !== "lxc-info");
  expect(ran).toEqual(plan.shown.commands.map((c) => c.argv));
}

async function createBusybox(name: string, input: Partial<CreateJailInput>) {
  runner.on(INFO(ctx.lxcPath, name), lxcInfo("STOPPED"));
  const privileged = input.parameters?.privileged === true;
  const config = privileged ? ctx.templates.createConfig : `${ctx.templates.createConfig}.${name}`;
  runner.on(["lxc-create", "-P", ctx.lxcPath, "-n", name, "-t", "busybox", "-f", config], () => fakeBusyboxCreate(ctx.lxcPath, name));
  await apply(await planCreate(ctx, { name, template: "busybox", autostart: false, tags: [], ...input }));
}

/** An unprivileged Debian jail over a base that is built: the agent mounts its overlay itself. */
async function createShiftedDebian(name: string) {
  mkdirSync(path.join(ctx.templates.templateDir, DEBIAN_BASE, "rootfs"), { recursive: true });
  writeFileSync(path.join(ctx.templates.templateDir, DEBIAN_BASE, "config"), "");
  runner.on(INFO(ctx.lxcPath, name), lxcInfo("STOPPED"));
  const plan = await planCreate(ctx, { name, template: "debian", autostart: false, tags: [] });
  const { target } = debianOverlay(ctx.templates, name);
  for (const { argv } of plan.shown.commands) {
    runner.on(argv, () => (mkdirSync(path.join(target, "etc"), { recursive: true }), mountedAt(target), {}));
  }
  await apply(plan);
  return target;
}

const destroyed = (name: string) => () => (rmSync(path.join(ctx.lxcPath, name), { recursive: true, force: true }), {});

describe("Linux plans list every command apply runs (recording runner)", () => {
  it("a destroy of a running shifted-overlay jail lists the overlay's umount between the kill and lxc-destroy", async () => {
    const target = await createShiftedDebian("deb1");
    runner.on(INFO(ctx.lxcPath, "deb1"), lxcInfo("RUNNING", 4242));
    const kill = ["lxc-stop", "-P", ctx.lxcPath, "-n", "deb1", "-k"];
    const destroy = ["lxc-destroy", "-P", ctx.lxcPath, "-n", "deb1"];
    const plan = await planDestroy(ctx, "deb1");
    expect(plan.shown.commands.map((c) => c.argv)).toEqual([kill, ["umount", target], destroy]);
    runner.on(kill, {});
    scriptMounts([["umount", target]]);
    runner.on(destroy, destroyed("deb1"));
    await expectRunsExactly(plan);
    expect(readFileSync(mountinfo(), "utf8")).toBe("");
  });

  it("a destroy of a jail that stopped itself with its host path still mounted lists that umount", async () => {
    await createBusybox("files1", { mounts: [SHARE] });
    const target = path.join(ctx.lxcPath, "files1", "rootfs", "srv", "share");
    mountedAt(target);
    const destroy = ["lxc-destroy", "-P", ctx.lxcPath, "-n", "files1"];
    const plan = await planDestroy(ctx, "files1");
    expect(plan.shown.commands.map((c) => c.argv)).toEqual([["umount", target], destroy]);
    scriptMounts([["umount", target]]);
    runner.on(destroy, destroyed("files1"));
    await expectRunsExactly(plan);
  });

  it("a destroy of a stopped jail with nothing mounted lists no umount", async () => {
    await createBusybox("files2", { mounts: [SHARE] });
    const plan = await planDestroy(ctx, "files2");
    expect(plan.shown.commands.map((c) => c.argv[0])).toEqual(["lxc-destroy"]);
  });

  it("a migration of a running jail with a host path lists its umount, the mounts of the start, the start and the wait", async () => {
    await createBusybox("old1", { mounts: [SHARE], parameters: { privileged: true } });
    const target = path.join(ctx.lxcPath, "old1", "rootfs", "srv", "share");
    mountedAt(target);
    runner.on(INFO(ctx.lxcPath, "old1"), lxcInfo("RUNNING", 4242));
    const plan = await planUnprivilege(ctx, "old1");
    const at = ["-P", ctx.lxcPath, "-n", "old1"];
    const share = path.join(ctx.shareDir, "example");
    const dir = path.join(ctx.lxcPath, "old1");
    const start = [
      "lxc-start",
      ...at,
      "-o",
      path.join(dir, "stockade-start.log"),
      "-l",
      "ERROR",
      "-L",
      path.join(dir, "stockade-console.log"),
    ];
    expect(plan.shown.commands.map((c) => c.argv)).toEqual([
      ["lxc-stop", ...at, "-t", "10"],
      ["umount", target],
      ["mount", "--bind", share, target],
      ["mount", "-o", "remount,bind,ro,nosuid,nodev", target],
      start,
      ["lxc-wait", ...at, "-s", "RUNNING", "-t", "10"],
    ]);
    scriptMounts(plan.shown.commands.map((c) => c.argv).filter((argv) => argv[0]!.endsWith("mount")));
    for (const { argv } of plan.shown.commands) if (argv[0]!.startsWith("lxc-")) runner.on(argv, {});
    await expectRunsExactly(plan);
    expect(readFileSync(mountinfo(), "utf8")).toContain(` ${target} `);
  });
});
