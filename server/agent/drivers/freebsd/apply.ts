import { AgentError, type Jail } from "../../protocol";
import type { ApplyOptions } from "../driver";
import type { DriverContext } from "./context";
import { findJailRecord, listJailRecords } from "./jails";
import { removeOwned } from "./populate";
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

async function runAll(ctx: DriverContext, exec: FreebsdExecution, options: ApplyOptions, made: string[]): Promise<void> {
  for (const [index, s] of exec.steps.entries()) {
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
    await runAll(ctx, exec, options, made);
  } catch (error) {
    await removeOwned(ctx, made);
    throw error;
  } finally {
    release();
  }
  options.progress("created", 1);
  return (await findJailRecord(ctx, exec.name)).jail;
}

/** Runs exactly a plan's steps: the conf it showed, then its commands in order. */
export async function applyExecution(ctx: DriverContext, exec: FreebsdExecution, options: ApplyOptions): Promise<Jail | null> {
  refuseUnwritable(exec.unwritable);
  if (exec.kind === "create") return applyCreate(ctx, exec, options);
  if (exec.kind === "destroy") {
    await options.verify?.();
    await runAll(ctx, exec, options, []);
    return null;
  }
  // The conf is written inside the address lock, so an address checked free stays free until it is recorded.
  await ctx.addresses.exclusive(async () => {
    await options.verify?.();
    await recheckAddresses(ctx, exec);
    await runStep(ctx, exec, exec.steps[0]!);
  });
  await runAll(ctx, { ...exec, steps: exec.steps.slice(1) }, options, []);
  return (await findJailRecord(ctx, exec.name)).jail;
}
