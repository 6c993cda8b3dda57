import path from "node:path";
import { AgentError, createJailInputSchema, type CreateJailInput, type Jail } from "../../protocol";
import type { ProgressReporter } from "../driver";
import { addressUsage, chooseAddress } from "./addresses";
import { applyLimits, checkParameters, writeConf } from "./conf-spec";
import { confPath, consoleLogPath, jailRootPath, mustRun, thinDataPath, type DriverContext } from "./context";
import { findJailRecord, listJailRecords, removeArgv, requireOwnConf, startableConf } from "./jails";
import { populateJail } from "./populate";

/** Checks the name and holds an address until the conf records it (or the create fails). */
function reserve(ctx: DriverContext, name: string, requested: string | undefined): Promise<{ ipv4: string[]; release: () => void }> {
  return ctx.addresses.exclusive(async () => {
    const records = await listJailRecords(ctx);
    if (records.some((r) => r.jail.name === name)) throw new AgentError("conflict", `A jail named ${name} exists`);
    const ipv4 = chooseAddress(ctx, await addressUsage(ctx, records), name, requested);
    return { ipv4, release: ctx.addresses.reserve(ipv4, name) };
  });
}

export async function createJail(ctx: DriverContext, raw: CreateJailInput, progress: ProgressReporter): Promise<Jail> {
  const input = createJailInputSchema.parse(raw);
  const template = ctx.templates[input.template];
  if (!template) throw new AgentError("not_found", `No template named ${input.template}`);
  const parameters = checkParameters(ctx, input.parameters ?? {});
  const { ipv4, release } = await reserve(ctx, input.name, input.ipv4);
  try {
    await populateJail(ctx, input.name, template, progress, (mounts) =>
      writeConf(ctx, {
        name: input.name,
        path: jailRootPath(ctx, input.name),
        hostname: input.hostname ?? input.name,
        interface: ctx.interface,
        ipv4,
        ipv6: [],
        parameters,
        mounts,
        consoleLog: consoleLogPath(ctx, input.name),
        meta: {
          template: input.template,
          autostart: input.autostart,
          tags: input.tags,
          limits: input.limits ?? {},
          interface: ctx.interface,
        },
      }),
    );
  } finally {
    release();
  }
  progress("created", 1);
  return (await findJailRecord(ctx, input.name)).jail;
}

export async function startJail(ctx: DriverContext, name: string): Promise<Jail> {
  const record = await findJailRecord(ctx, name);
  if (record.running) throw new AgentError("conflict", `${name} is already running`);
  const conf = startableConf(record);
  await mustRun(ctx, ["jail", "-f", conf.configFile, "-i", "-c", name], { timeoutMs: 10 * 60_000 });
  if (conf.meta) await applyLimits(ctx, name, conf.meta.limits);
  return (await findJailRecord(ctx, name)).jail;
}

export async function stopJail(ctx: DriverContext, name: string, timeoutSeconds: number): Promise<Jail> {
  const record = await findJailRecord(ctx, name);
  if (!record.running) throw new AgentError("conflict", `${name} is not running`);
  // jail(8) itself kills what is left after stop.timeout; this bounds the whole command.
  await mustRun(ctx, removeArgv(record), { timeoutMs: (timeoutSeconds + 30) * 1000 });
  return (await findJailRecord(ctx, name)).jail;
}

export async function restartJail(ctx: DriverContext, name: string, timeoutSeconds: number): Promise<Jail> {
  const record = await findJailRecord(ctx, name);
  const conf = startableConf(record);
  const flag = record.running ? "-rc" : "-c";
  await mustRun(ctx, ["jail", "-f", conf.configFile, flag, name], { timeoutMs: (timeoutSeconds + 600) * 1000 });
  if (conf.meta) await applyLimits(ctx, name, conf.meta.limits);
  return (await findJailRecord(ctx, name)).jail;
}

/** Refuses to remove anything but jailsRoot/NAME (and a thin jail's NAME.data). */
function confinedRoot(ctx: DriverContext, name: string, jailPath: string): string {
  const expected = jailRootPath(ctx, name);
  if (path.posix.resolve("/", jailPath) !== expected) {
    throw new AgentError("conflict", `${name}'s path ${jailPath} is not ${expected}; remove its files by hand`);
  }
  return expected;
}

export async function destroyJail(ctx: DriverContext, name: string): Promise<void> {
  const record = await findJailRecord(ctx, name);
  const conf = requireOwnConf(record);
  const root = confinedRoot(ctx, name, record.jail.path);
  if (record.running) await mustRun(ctx, ["jail", "-f", confPath(ctx, name), "-r", name], { timeoutMs: 120_000 });
  // Ignored: with no rules or accounting off there is nothing to remove.
  await ctx.runner.run(["rctl", "-r", `jail:${name}`]);
  const targets = Array.isArray(conf.parameters["mount"]) ? [root, thinDataPath(ctx, name)] : [root];
  for (const target of targets) {
    // securelevel leaves schg flags that make rm fail.
    await mustRun(ctx, ["chflags", "-R", "0", target], { timeoutMs: 30 * 60_000 });
    await mustRun(ctx, ["rm", "-rf", target], { timeoutMs: 30 * 60_000 });
  }
  // Last: while files remain, the jail stays listed, so a failed removal can be retried.
  await ctx.runner.removeFile(confPath(ctx, name));
}
