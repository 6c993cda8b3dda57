import { AgentError, type Jail } from "../../protocol";
import { applyLimits } from "./conf-spec";
import type { DriverContext } from "./context";
import { findJailRecord, removeArgv, startableConf } from "./jails";

export async function startJail(ctx: DriverContext, name: string): Promise<Jail> {
  const record = await findJailRecord(ctx, name);
  if (record.running) throw new AgentError("conflict", `${name} is already running`);
  const conf = startableConf(record);
  // No -i: the jid it would print is not needed, the jail is read back from jls just below.
  await ctx.runner.run(["jail", "-f", conf.configFile, "-c", name], { timeoutMs: 10 * 60_000 });
  if (conf.meta) await applyLimits(ctx, name, conf.meta.limits);
  return (await findJailRecord(ctx, name)).jail;
}

export async function stopJail(ctx: DriverContext, name: string, timeoutSeconds: number): Promise<Jail> {
  const record = await findJailRecord(ctx, name);
  if (!record.running) throw new AgentError("conflict", `${name} is not running`);
  // jail(8) itself kills what is left after stop.timeout; this bounds the whole command.
  await ctx.runner.run(removeArgv(record), { timeoutMs: (timeoutSeconds + 30) * 1000 });
  return (await findJailRecord(ctx, name)).jail;
}

export async function restartJail(ctx: DriverContext, name: string, timeoutSeconds: number): Promise<Jail> {
  const record = await findJailRecord(ctx, name);
  const conf = startableConf(record);
  const flag = record.running ? "-rc" : "-c";
  await ctx.runner.run(["jail", "-f", conf.configFile, flag, name], { timeoutMs: (timeoutSeconds + 600) * 1000 });
  if (conf.meta) await applyLimits(ctx, name, conf.meta.limits);
  return (await findJailRecord(ctx, name)).jail;
}
