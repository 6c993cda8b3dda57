import { AgentError, type ChangeJailInput, type JailLimits, type PlanEffect } from "../../protocol";
import type { DriverPlan } from "../driver";
import type { LinuxContext } from "./context";
import { checkRequested } from "../shared/ip-pool";
import { containerNames, getJail, poolUsage } from "./jails";
import { jailConfigPath, limitSettings, readJailConfig, renderJailConfig, writeJailConfig } from "./lxc-config";
import { lxcPathFor } from "./lxc-path";
import { addressLiveArgvs, hostnameLiveArgv } from "./network";
import { checkChangedParameters } from "./parameters";
import { run, shownCommands, type LinuxStep } from "./steps";
import type { JailDefinition } from "./store";

interface Change {
  next: JailDefinition;
  changedLimits: JailLimits;
  fields: string[];
}

export async function loadDefinition(ctx: LinuxContext, name: string): Promise<JailDefinition> {
  const def = await ctx.store.get(name);
  if (def && !ctx.creating.has(name)) return def;
  if ((await containerNames(ctx)).includes(name)) {
    throw new AgentError("unsupported", `Jail ${name} was not created or adopted by Stockade: adopt it first (a plan shows what changes)`, {
      jail: name,
    });
  }
  throw new AgentError("not_found", `No jail named ${name}`, { jail: name });
}

/** Validates the whole change before anything is applied. */
async function compute(ctx: LinuxContext, def: JailDefinition, input: ChangeJailInput): Promise<Change> {
  const next: JailDefinition = { ...def, limits: { ...def.limits }, parameters: { ...def.parameters } };
  const fields: string[] = [];
  if (input.ipv4 !== undefined) {
    if (input.ipv4.length !== 1)
      throw new AgentError("invalid_input", "The Linux driver gives each jail exactly one IPv4 address", { field: "ipv4" });
    next.ipv4 = checkRequested(ctx.pool, await poolUsage(ctx), input.ipv4[0]!, def.name);
    if (next.ipv4 !== def.ipv4) fields.push("ipv4");
  }
  if (input.parameters !== undefined) {
    next.parameters = { ...def.parameters, ...checkChangedParameters(input.parameters) };
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

const LIMIT_NAMES: Record<string, string> = {
  "memory.limit_in_bytes": "memory limit",
  "memory.max": "memory limit",
  "pids.max": "process limit",
  "cpu.cfs_period_us": "CPU period",
  "cpu.cfs_quota_us": "CPU limit",
  "cpu.max": "CPU limit",
};

async function liveSteps(ctx: LinuxContext, name: string, change: Change, initPid: number): Promise<LinuxStep[]> {
  const steps: LinuxStep[] = [];
  for (const s of limitSettings(change.changedLimits, ctx.cgroupVersion)) {
    steps.push(run(await ctx.lxc.argv("lxc-cgroup", name, s.key, s.value), `set the ${LIMIT_NAMES[s.key] ?? s.key} of the running jail`));
  }
  if (change.fields.includes("hostname")) steps.push(run(hostnameLiveArgv(initPid, change.next.hostname), "rename the running jail"));
  if (change.fields.includes("ipv4")) {
    const why = ["drop the old address", "add the new address", "route through the bridge"];
    steps.push(...addressLiveArgvs(initPid, change.next.ipv4, ctx.pool).map((argv, i) => run(argv, `${why[i]} inside the running jail`)));
  }
  return steps;
}

/** Stockade's own fields take effect now; the rest live on a running jail, except parameters. */
function effectsOf(input: ChangeJailInput, fields: string[], running: boolean): PlanEffect[] {
  const meta = [...(input.autostart !== undefined ? ["autostart"] : []), ...(input.tags !== undefined ? ["tags"] : [])];
  return [
    ...meta.map((field) => ({ field, when: "now" as const })),
    ...fields.map((field) => ({ field, when: running && !field.startsWith("parameters.") ? ("live" as const) : ("next-start" as const) })),
  ];
}

/**
 * Limits, hostname and address change live on a running jail; parameters only at the next
 * start. A stopped jail takes everything at its next start. Autostart and tags are Stockade's own.
 */
export async function planChange(ctx: LinuxContext, input: ChangeJailInput): Promise<DriverPlan> {
  const def = await loadDefinition(ctx, input.name);
  const change = await compute(ctx, def, input);
  const jail = await getJail(ctx, def.name);
  const running = jail.state === "running" && jail.initPid !== null;
  const lxcPath = lxcPathFor(ctx, def);
  const configBefore = await readJailConfig(lxcPath, def.name);
  if (configBefore === null) throw new AgentError("conflict", `Jail ${def.name} has no LXC config: destroy it and create it again`);
  const configAfter = renderJailConfig(configBefore, change.next, ctx.config);
  const steps: LinuxStep[] = [
    { type: "write-config" },
    { type: "put-definition" },
    ...(running ? await liveSteps(ctx, def.name, change, jail.initPid!) : []),
  ];
  const effects = effectsOf(input, change.fields, running);
  const restart = effects.filter((e) => e.when === "next-start").map((e) => e.field);
  return {
    shown: {
      kind: "change",
      jail: def.name,
      configPath: jailConfigPath(lxcPath, def.name),
      configBefore,
      configAfter,
      commands: shownCommands(steps),
      effects,
      warnings: running && restart.length ? [`${restart.join(", ")} take effect when ${def.name} is restarted.`] : [],
    },
    revision: JSON.stringify({ def, state: jail.state, initPid: jail.initPid }),
    execution: { kind: "change", name: def.name, after: change.next, configAfter, steps },
  };
}

/**
 * What a change, adopt or reconcile cut short leaves is brought to its journal's definition and
 * the config rendered from it; a running jail is given the limits again. At start-up, and right
 * after a step failed.
 */
export async function completeChange(ctx: LinuxContext, def: JailDefinition | null): Promise<void> {
  if (!def) return;
  await ctx.store.put(def);
  const lxcPath = lxcPathFor(ctx, def);
  if ((await readJailConfig(lxcPath, def.name)) !== null) await writeJailConfig(lxcPath, def, ctx.config);
  const jail = await getJail(ctx, def.name);
  if (jail.state !== "running") return;
  for (const setting of limitSettings(def.limits, ctx.cgroupVersion)) {
    await ctx.runner.run(["lxc-cgroup", "-P", lxcPath, "-n", def.name, setting.key, setting.value], { allowFailure: true });
  }
}
