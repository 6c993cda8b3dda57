import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { AgentError, jailNameSchema, type Jail, type PlanCommand } from "../../protocol";
import type { ApplyOptions, ProgressReporter } from "../driver";
import type { LinuxContext } from "./context";
import { completeChange } from "./change";
import { recheckCreate } from "./create";
import { containerNames, getJail } from "./jails";
import { jailConfigPath, writeJailConfig } from "./lxc-config";
import { lxcPathFor } from "./lxc-path";
import { commandOf, type LinuxExecution, type LinuxStep } from "./steps";
import { ensureDebianBase, installBusyboxRc } from "./templates";
import { makeMountPoints } from "./contain/host-mounts";
import { unmountRootfs } from "./contain/rootfs";
import { ensureShare } from "./contain/shares";
import { shiftRootfs } from "./unprivilege";
import { idMapLines } from "./contain/security-config";
import { prepareShiftedDebian, shiftDebianIds, unmountDebianRoot } from "./contain/shifted-debian";

type Lock = <T>(task: () => Promise<T>) => Promise<T>;

async function runCommands(ctx: LinuxContext, commands: readonly PlanCommand[], progress: ProgressReporter): Promise<void> {
  for (const { argv, why } of commands) {
    progress(why, null);
    await ctx.runner.run(argv);
  }
}

export async function runStep(ctx: LinuxContext, exec: LinuxExecution, step: LinuxStep, progress: ProgressReporter): Promise<void> {
  const def = exec.after;
  switch (step.type) {
    case "run":
      progress(step.why, null);
      await ctx.runner.run(step.argv, { timeoutMs: step.timeoutMs });
      return;
    case "build-debian-base":
      return ensureDebianBase(ctx.templates, progress);
    case "install-busybox-init":
      return installBusyboxRc(ctx.templates, exec.name);
    case "write-idmap-config":
      return writeFile(step.path, `${idMapLines(step.idRangeStart).join("\n")}\n`, { mode: 0o600 });
    case "remove-idmap-config":
      return rm(step.path, { force: true });
    case "prepare-shifted-overlay":
      return prepareShiftedDebian(ctx.templates, exec.name, step.idRangeStart);
    case "shift-ids":
      progress("give the jail's ids the files of the base (metadata only)", null);
      return shiftDebianIds(ctx.templates, exec.name, def!.hostname, step.idRangeStart);
    case "shift-rootfs":
      progress("give the jail's ids its files", null);
      return shiftRootfs(lxcPathFor(ctx, def), exec.name, step.idRangeStart);
    case "start-jail":
      await makeMountPoints(lxcPathFor(ctx, def), def!);
      await runCommands(ctx, step.mounts, progress);
      progress(step.why, null);
      await ctx.runner.run(step.argv, { timeoutMs: 60_000 });
      await ctx.runner.run(step.wait, { timeoutMs: 15_000 });
      return;
    case "unmount-rootfs":
      return runCommands(ctx, step.commands, progress);
    case "make-share":
      progress(`make the share ${step.path} if missing`, null);
      return ensureShare(step.path);
    case "write-config":
      // A change writes exactly the text it showed; a create puts its block under lxc-create's lines.
      if (exec.configAfter !== null) return writeFile(jailConfigPath(lxcPathFor(ctx, def), exec.name), exec.configAfter);
      return writeJailConfig(lxcPathFor(ctx, def), def!, ctx.config);
    case "put-definition":
      return ctx.store.put(def!);
    case "remove-definition":
      return ctx.store.remove(exec.name);
    case "reserve":
      throw new AgentError("internal", "reserve runs before the other steps");
  }
}

const journalOf = (exec: LinuxExecution, running: string[] | null) => ({
  kind: exec.kind,
  name: exec.name,
  after: exec.after,
  running,
  startedAt: Date.now(),
});

/**
 * After the first entry (written before any step), the journal is rewritten (and synced) only
 * when a command starts: recovery ends what it names if it still runs, and one that already
 * finished is simply not found, so file steps after it need no write of their own.
 */
async function runSteps(ctx: LinuxContext, exec: LinuxExecution, progress: ProgressReporter): Promise<void> {
  for (const step of exec.steps) {
    if (step.type === "reserve") continue;
    const command = commandOf(step);
    if (command !== null) await ctx.journal.write(journalOf(exec, command));
    await runStep(ctx, exec, step, progress);
  }
}

/** What a create that did not finish (or a destroy) leaves is removed: the container, its files, its definition. */
export async function removeJailEntirely(ctx: LinuxContext, name: string): Promise<void> {
  const def = await ctx.store.get(jailNameSchema.parse(name));
  const lxcPath = lxcPathFor(ctx, def);
  const dir = path.join(lxcPath, name);
  if ((await containerNames(ctx, lxcPath)).includes(name)) {
    await ctx.runner.run(["lxc-stop", "-P", lxcPath, "-n", name, "-k"], { allowFailure: true, timeoutMs: 30_000 });
    await (def ? unmountRootfs(ctx, def) : unmountDebianRoot(ctx.templates, ctx.runner, name)).catch(() => undefined);
    await ctx.runner.run(["lxc-destroy", "-P", lxcPath, "-n", name], { allowFailure: true, timeoutMs: 120_000 });
    await rm(dir, { recursive: true, force: true });
  }
  await ctx.store.remove(name);
}

/** The name and address are taken under the pool lock, with the journal written first. */
async function reserve(ctx: LinuxContext, exec: LinuxExecution, verify: ApplyOptions["verify"]): Promise<void> {
  await verify?.();
  await recheckCreate(ctx, exec.after!);
  await ctx.journal.write(journalOf(exec, null));
  ctx.creating.add(exec.name);
  await ctx.store.put({ ...exec.after!, createdAt: Date.now() });
}

async function applyCreate(ctx: LinuxContext, exec: LinuxExecution, options: ApplyOptions, lock: Lock): Promise<Jail> {
  await lock(() => reserve(ctx, exec, options.verify));
  try {
    await runSteps(ctx, exec, options.progress);
  } catch (error) {
    await removeJailEntirely(ctx, exec.name);
    throw error;
  } finally {
    ctx.creating.delete(exec.name);
    await ctx.journal.remove(exec.name);
  }
  return getJail(ctx, exec.name);
}

/**
 * A change or adopt whose step failed is completed now, as start-up recovery would: its config
 * and definition must not disagree. If that fails too, its journal stays for the next start-up.
 */
async function settleFailed(ctx: LinuxContext, exec: LinuxExecution): Promise<void> {
  if (exec.kind !== "change" && exec.kind !== "adopt") return ctx.journal.remove(exec.name);
  try {
    await completeChange(ctx, exec.after);
  } catch (error) {
    ctx.log.error({ jail: exec.name, err: error }, "a failed change could not be completed: left to start-up recovery");
    return;
  }
  await ctx.journal.remove(exec.name);
}

/**
 * Runs a plan's steps in order, journaled before the first file is touched (start-up recovery
 * completes what a crash cut short). A failed create is rolled back; a failed change or adopt
 * is completed; a failed destroy or unprivilege stops where it failed (its files say what was
 * done) and the error says which command.
 */
export async function applyExecution(ctx: LinuxContext, exec: LinuxExecution, options: ApplyOptions, lock: Lock): Promise<Jail | null> {
  if (exec.kind === "create") return applyCreate(ctx, exec, options, lock);
  // A change holds the pool lock so the address it checked stays free until it is written; an unprivilege, its id range.
  const guard: Lock = exec.kind === "change" || exec.kind === "adopt" || exec.kind === "unprivilege" ? lock : (task) => task();
  await guard(async () => {
    await options.verify?.();
    await ctx.journal.write(journalOf(exec, null));
    try {
      await runSteps(ctx, exec, options.progress);
    } catch (error) {
      await settleFailed(ctx, exec);
      throw error;
    }
    await ctx.journal.remove(exec.name);
  });
  return exec.kind === "destroy" ? null : getJail(ctx, exec.name);
}
