import { AgentError, type ChangeJailInput, type ChangeResult, type JailLimits } from "../../protocol";
import type { LinuxContext } from "./context";
import { checkRequested } from "./ip-pool";
import { containerNames, getJail, poolUsage } from "./jails";
import { limitSettings, writeJailConfig } from "./lxc-config";
import { changeAddressLive, changeHostnameLive } from "./network";
import { checkParameters } from "./parameters";
import type { JailDefinition } from "./store";

interface Plan {
  next: JailDefinition;
  changedLimits: JailLimits;
  fields: string[];
}

async function loadDefinition(ctx: LinuxContext, name: string): Promise<JailDefinition> {
  const def = await ctx.store.get(name);
  if (def) return def;
  if ((await containerNames(ctx)).includes(name)) {
    throw new AgentError("unsupported", `Jail ${name} was not created by Stockade (adopted): change it with LXC's own tools`, {
      jail: name,
    });
  }
  throw new AgentError("not_found", `No jail named ${name}`, { jail: name });
}

/** Validates the whole change before anything is applied. */
async function plan(ctx: LinuxContext, def: JailDefinition, input: ChangeJailInput): Promise<Plan> {
  const next: JailDefinition = { ...def, limits: { ...def.limits }, parameters: { ...def.parameters } };
  const fields: string[] = [];
  if (input.ipv4 !== undefined) {
    if (input.ipv4.length !== 1)
      throw new AgentError("invalid_input", "The Linux driver gives each jail exactly one IPv4 address", { field: "ipv4" });
    next.ipv4 = checkRequested(ctx.pool, await poolUsage(ctx), input.ipv4[0]!, def.name);
    if (next.ipv4 !== def.ipv4) fields.push("ipv4");
  }
  if (input.parameters !== undefined) {
    next.parameters = { ...def.parameters, ...checkParameters(input.parameters) };
    fields.push(...Object.keys(input.parameters).map((k) => `parameters.${k}`));
  }
  if (input.hostname !== undefined && input.hostname !== def.hostname) {
    next.hostname = input.hostname;
    fields.push("hostname");
  }
  const changedLimits: JailLimits = {};
  for (const [key, value] of Object.entries(input.limits ?? {}) as [keyof JailLimits, number | null | undefined][]) {
    if (value === undefined) continue;
    changedLimits[key] = value;
    next.limits[key] = value;
    fields.push(`limits.${key}`);
  }
  if (input.autostart !== undefined) next.autostart = input.autostart;
  if (input.tags !== undefined) next.tags = input.tags;
  return { next, changedLimits, fields };
}

async function applyLive(ctx: LinuxContext, name: string, p: Plan, initPid: number): Promise<void> {
  for (const setting of limitSettings(p.changedLimits, ctx.cgroupVersion)) await ctx.lxc.setCgroup(name, setting.key, setting.value);
  if (p.fields.includes("hostname")) await changeHostnameLive(ctx.runner, initPid, p.next.hostname);
  if (p.fields.includes("ipv4")) await changeAddressLive(ctx.runner, initPid, p.next.ipv4, ctx.pool);
}

/**
 * Limits, hostname and address change live on a running jail; parameters only at the next
 * start. A stopped jail takes everything at its next start. Autostart and tags are Stockade's own.
 */
export async function changeJail(
  ctx: LinuxContext,
  input: ChangeJailInput,
  reserveLock: <T>(task: () => Promise<T>) => Promise<T>,
): Promise<ChangeResult> {
  const def = await loadDefinition(ctx, input.name);
  const p = await reserveLock(async () => {
    const planned = await plan(ctx, def, input);
    await writeJailConfig(ctx.lxcPath, planned.next, ctx.config);
    await ctx.store.put(planned.next);
    return planned;
  });
  const jail = await getJail(ctx, def.name);
  const running = jail.state === "running" && jail.initPid !== null;
  if (running) await applyLive(ctx, def.name, p, jail.initPid!);
  const meta = [...(input.autostart !== undefined ? ["autostart"] : []), ...(input.tags !== undefined ? ["tags"] : [])];
  const liveCapable = p.fields.filter((f) => !f.startsWith("parameters."));
  return {
    jail: await getJail(ctx, def.name),
    appliedLive: [...meta, ...(running ? liveCapable : [])],
    appliedOnNextStart: running ? p.fields.filter((f) => f.startsWith("parameters.")) : p.fields,
  };
}
