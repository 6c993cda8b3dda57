import path from "node:path";
import { AgentError, createJailInputSchema, type CreateJailInput, type Jail } from "../../protocol";
import type { ProgressReporter } from "../driver";
import { applyLimits, checkParameters, writeConf } from "./conf-spec";
import {
  confPath,
  consoleLogPath,
  jailRootPath,
  mustRun,
  thinDataPath,
  type DriverContext,
  type FreebsdTemplate,
} from "./context";
import { findJailRecord, listJailRecords, requireOwnConf } from "./jails";
import { IFCONFIG_ARGV, parseIfconfig } from "./parse-ifconfig";
import { describePool, poolContains } from "./pool";

const THIN_WRITABLE = ["etc", "root", "tmp", "var", "usr/local"];

/** Only argv: each step is one command the recording runner can assert. */
function populateSteps(ctx: DriverContext, name: string, template: FreebsdTemplate): { steps: string[][]; mounts: string[] } {
  const root = jailRootPath(ctx, name);
  if (template.kind === "userland") return { steps: [["mkdir", "-p", root], ["cp", "-a", `${template.source}/`, root]], mounts: [] };
  if (template.kind === "archive") return { steps: [["mkdir", "-p", root], ["tar", "-x", "-f", template.archive, "-C", root]], mounts: [] };
  const data = thinDataPath(ctx, name);
  const steps = [["mkdir", "-p", root]];
  const mounts = [`${template.base} ${root} nullfs ro 0 0`];
  for (const dir of THIN_WRITABLE) {
    steps.push(["mkdir", "-p", `${data}/${dir}`], ["cp", "-a", `${template.base}/${dir}/`, `${data}/${dir}`]);
    mounts.push(`${data}/${dir} ${root}/${dir} nullfs rw 0 0`);
  }
  return { steps, mounts };
}

async function chooseAddress(ctx: DriverContext, requested: string | undefined, taken: Set<string>): Promise<string[]> {
  if (requested) {
    if (taken.has(requested)) throw new AgentError("conflict", `${requested} is already used by another jail`);
    if (ctx.pool && !poolContains(ctx.pool.cidr, requested)) {
      throw new AgentError("invalid_input", `${requested} is outside the pool ${ctx.pool.cidr}`);
    }
    return [requested];
  }
  if (!ctx.pool) return [];
  const interfaces = parseIfconfig((await mustRun(ctx, IFCONFIG_ARGV)).stdout);
  const hostAddresses = interfaces.flatMap((i) => i.addresses.map((a) => a.address));
  const used = [...taken].map((address) => ({ address, jail: "" }));
  const next = describePool(ctx.pool, ctx.interface, used, hostAddresses).nextFree;
  if (!next) throw new AgentError("conflict", `The pool ${ctx.pool.cidr} has no free address`);
  return [next];
}

export async function createJail(ctx: DriverContext, raw: CreateJailInput, progress: ProgressReporter): Promise<Jail> {
  const input = createJailInputSchema.parse(raw);
  const template = ctx.templates[input.template];
  if (!template) throw new AgentError("not_found", `No template named ${input.template}`);
  const parameters = checkParameters(ctx, input.parameters ?? {});
  const records = await listJailRecords(ctx);
  if (records.some((r) => r.jail.name === input.name)) throw new AgentError("conflict", `A jail named ${input.name} exists`);
  const ipv4 = await chooseAddress(ctx, input.ipv4, new Set(records.flatMap((r) => r.jail.ipv4)));
  const { steps, mounts } = populateSteps(ctx, input.name, template);
  for (const [index, argv] of steps.entries()) {
    progress(`${argv[0]} ${argv.at(-1)}`, index / steps.length);
    await mustRun(ctx, argv, { timeoutMs: 30 * 60_000 });
  }
  await writeConf(ctx, {
    name: input.name,
    path: jailRootPath(ctx, input.name),
    hostname: input.hostname ?? input.name,
    interface: ctx.interface,
    ipv4,
    ipv6: [],
    parameters,
    mounts,
    consoleLog: consoleLogPath(ctx, input.name),
    meta: { template: input.template, autostart: input.autostart, tags: input.tags, limits: input.limits ?? {}, interface: ctx.interface },
  });
  progress("created", 1);
  return (await findJailRecord(ctx, input.name)).jail;
}

export async function startJail(ctx: DriverContext, name: string): Promise<Jail> {
  const record = await findJailRecord(ctx, name);
  if (record.running) throw new AgentError("conflict", `${name} is already running`);
  const conf = requireOwnConf(record);
  await mustRun(ctx, ["jail", "-f", confPath(ctx, name), "-i", "-c", name], { timeoutMs: 10 * 60_000 });
  await applyLimits(ctx, name, conf.meta.limits);
  return (await findJailRecord(ctx, name)).jail;
}

export async function stopJail(ctx: DriverContext, name: string, timeoutSeconds: number): Promise<Jail> {
  const record = await findJailRecord(ctx, name);
  if (!record.running) throw new AgentError("conflict", `${name} is not running`);
  requireOwnConf(record);
  // jail(8) itself kills what is left after stop.timeout; this bounds the whole command.
  await mustRun(ctx, ["jail", "-f", confPath(ctx, name), "-r", name], { timeoutMs: (timeoutSeconds + 30) * 1000 });
  return (await findJailRecord(ctx, name)).jail;
}

export async function restartJail(ctx: DriverContext, name: string, timeoutSeconds: number): Promise<Jail> {
  const record = await findJailRecord(ctx, name);
  const conf = requireOwnConf(record);
  const flag = record.running ? "-rc" : "-c";
  await mustRun(ctx, ["jail", "-f", confPath(ctx, name), flag, name], { timeoutMs: (timeoutSeconds + 600) * 1000 });
  await applyLimits(ctx, name, conf.meta.limits);
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
  await ctx.runner.removeFile(confPath(ctx, name));
  const targets = Array.isArray(conf.parameters["mount"]) ? [root, thinDataPath(ctx, name)] : [root];
  for (const target of targets) {
    // securelevel leaves schg flags that make rm fail.
    await mustRun(ctx, ["chflags", "-R", "0", target], { timeoutMs: 30 * 60_000 });
    await mustRun(ctx, ["rm", "-rf", target], { timeoutMs: 30 * 60_000 });
  }
}
