import { AgentError, type Jail } from "../../protocol";
import type { ApplyOptions } from "../driver";
import type { DriverContext } from "./context";
import { findJailRecord, listJailRecords } from "./jails";
import { removeOwned } from "./populate";
import { entryOf } from "./journal";
import { runStep, type FreebsdExecution } from "./steps";
import { refuseUnwritable } from "./writable";

/**
 * Under the address lock at apply time, without asking ifconfig again: nobody took the name,
 * and no other jail or create in progress holds an address this plan gives its jail.
 */
async function recheckAddresses(ctx: DriverContext, exec: FreebsdExecution): Promise<void> {
  const records = await listJailRecords(ctx);
  if (exec.kind === "create" && records.some((r) => r.jail.name === exec.name)) {
    throw new AgentError("stale_plan", `A jail named ${exec.name} was created since the plan: plan again.`, { field: "name" });
  }
  const taken = new Map(ctx.addresses.reservations);
  for (const record of records) for (const address of record.jail.ipv4) if (!taken.has(address)) taken.set(address, record.jail.name);
  for (const address of exec.ipv4) {
    const holder = taken.get(address);
    if (holder !== undefined && holder !== exec.name) {
      throw new AgentError("stale_plan", `${address} was taken by ${holder} since the plan: plan again.`, { field: "ipv4", jail: holder });
    }
  }
}

/** Steps [from, to) in order, the journal saying before each which one is in flight (and what a create made). */
async function runSteps(
  ctx: DriverContext,
  exec: FreebsdExecution,
  options: ApplyOptions,
  made: string[],
  from = 0,
  to = exec.steps.length,
) {
  for (let index = from; index < to; index++) {
    const s = exec.steps[index]!;
    await ctx.journal.write(entryOf(exec, index, made));
    if (s.type === "run") options.progress(s.why, index / exec.steps.length);
    await runStep(ctx, exec, s);
    if (s.type === "run" && s.onFailure === "owned-dir") made.push(s.argv.at(-1)!);
  }
}

/** A create holds its address until its conf records it; if it fails, what it made is removed. */
async function applyCreate(ctx: DriverContext, exec: FreebsdExecution, options: ApplyOptions): Promise<Jail> {
  const release = await ctx.addresses.exclusive(async () => {
    await options.verify?.();
    await recheckAddresses(ctx, exec);
    return ctx.addresses.reserve(exec.ipv4, exec.name);
  });
  const made: string[] = [];
  try {
    await runSteps(ctx, exec, options, made);
  } catch (error) {
    await removeOwned(ctx, made);
    throw error;
  } finally {
    release();
    await ctx.journal.remove(exec.name);
  }
  options.progress("created", 1);
  return (await findJailRecord(ctx, exec.name)).jail;
}

/** Runs exactly a plan's steps: the conf it showed, then its commands in order. */
export async function applyExecution(ctx: DriverContext, exec: FreebsdExecution, options: ApplyOptions): Promise<Jail | null> {
  refuseUnwritable(exec.unwritable);
  if (exec.kind === "create") return applyCreate(ctx, exec, options);
  try {
    if (exec.kind === "destroy") {
      await options.verify?.();
      await runSteps(ctx, exec, options, []);
      return null;
    }
    // The conf is written inside the address lock, so an address checked free stays free until it is recorded.
    await ctx.addresses.exclusive(async () => {
      await options.verify?.();
      await recheckAddresses(ctx, exec);
      await runSteps(ctx, exec, options, [], 0, 1);
    });
    await runSteps(ctx, exec, options, [], 1);
  } finally {
    await ctx.journal.remove(exec.name);
  }
  return (await findJailRecord(ctx, exec.name)).jail;
}
