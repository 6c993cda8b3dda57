import { AgentError, changeJailInputSchema, type ChangeJailInput, type ChangeResult } from "../../protocol";
import { applyLimits, checkParameters, specFromConf, writeConf } from "./conf-spec";
import { mustRun, type DriverContext } from "./context";
import type { JailConfSpec } from "./jail-conf";
import { findJailRecord, listJailRecords, requireOwnConf } from "./jails";
import { REQUESTABLE_PARAMETERS } from "./posture";

interface Plan {
  spec: JailConfSpec;
  /** name=value arguments for `jail -m`. */
  modify: string[];
  live: string[];
  nextStart: string[];
}

function planParameters(ctx: DriverContext, input: ChangeJailInput, plan: Plan, running: boolean) {
  const parameters = checkParameters(ctx, input.parameters ?? {});
  for (const [key, value] of Object.entries(parameters)) {
    plan.spec = { ...plan.spec, parameters: { ...plan.spec.parameters, [key]: value } };
    // Host-side parameters are jail(8)'s, never the kernel's: they only act at start.
    if (running && REQUESTABLE_PARAMETERS[key]?.live) {
      plan.modify.push(`${key}=${String(value)}`);
      plan.live.push(`parameters.${key}`);
    } else plan.nextStart.push(`parameters.${key}`);
  }
}

async function checkAddressesFree(ctx: DriverContext, name: string, addresses: string[]) {
  const others = (await listJailRecords(ctx)).filter((r) => r.jail.name !== name);
  for (const address of addresses) {
    const owner = others.find((r) => r.jail.ipv4.includes(address));
    if (owner) throw new AgentError("conflict", `${address} is already used by ${owner.jail.name}`);
  }
}

/** Aliases first so the jail never holds an address the host lacks; old ones go last. */
async function applyAddresses(ctx: DriverContext, name: string, iface: string, before: string[], after: string[]) {
  for (const address of after.filter((a) => !before.includes(a))) {
    await mustRun(ctx, ["ifconfig", iface, "inet", `${address}/32`, "alias"]);
  }
  await mustRun(ctx, ["jail", "-m", `name=${name}`, `ip4.addr=${after.join(",")}`]);
  for (const address of before.filter((a) => !after.includes(a))) {
    await mustRun(ctx, ["ifconfig", iface, "inet", address, "-alias"]);
  }
}

function mark(plan: Plan, field: string, running: boolean) {
  (running ? plan.live : plan.nextStart).push(field);
}

/** Live through `jail -m` and rctl where the jail runs; always persisted in its conf. */
export async function changeJail(ctx: DriverContext, raw: ChangeJailInput): Promise<ChangeResult> {
  const input = changeJailInputSchema.parse(raw);
  const record = await findJailRecord(ctx, input.name);
  const conf = requireOwnConf(record);
  const running = record.running !== null;
  const plan: Plan = { spec: specFromConf(ctx, conf, conf.meta), modify: [], live: [], nextStart: [] };
  planParameters(ctx, input, plan, running);
  if (input.hostname !== undefined) {
    plan.spec = { ...plan.spec, hostname: input.hostname };
    if (running) plan.modify.push(`host.hostname=${input.hostname}`);
    mark(plan, "hostname", running);
  }
  if (input.ipv4 !== undefined) {
    await checkAddressesFree(ctx, input.name, input.ipv4);
    mark(plan, "ipv4", running);
  }
  const meta = { ...plan.spec.meta };
  if (input.limits !== undefined) {
    meta.limits = { ...meta.limits, ...input.limits };
    mark(plan, "limits", running);
  }
  if (input.autostart !== undefined) {
    meta.autostart = input.autostart;
    plan.live.push("autostart");
  }
  if (input.tags !== undefined) {
    meta.tags = input.tags;
    plan.live.push("tags");
  }
  const before = [...plan.spec.ipv4];
  plan.spec = { ...plan.spec, meta, ipv4: input.ipv4 ?? plan.spec.ipv4 };
  await writeConf(ctx, plan.spec);
  if (running) await applyLive(ctx, input, plan, before);
  const jail = (await findJailRecord(ctx, input.name)).jail;
  return { jail, appliedLive: plan.live, appliedOnNextStart: plan.nextStart };
}

async function applyLive(ctx: DriverContext, input: ChangeJailInput, plan: Plan, before: string[]) {
  if (plan.modify.length > 0) await mustRun(ctx, ["jail", "-m", `name=${input.name}`, ...plan.modify]);
  if (input.ipv4 !== undefined) await applyAddresses(ctx, input.name, plan.spec.interface, before, input.ipv4);
  if (input.limits !== undefined) {
    const limits = plan.spec.meta.limits;
    const rules = Object.values(limits).some((v) => v != null);
    if (rules) await applyLimits(ctx, input.name, limits);
    else await ctx.runner.run(["rctl", "-r", `jail:${input.name}`]);
  }
}
