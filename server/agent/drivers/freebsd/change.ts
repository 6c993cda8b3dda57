import { changeJailInputSchema, type ChangeJailInput, type ChangeResult } from "../../protocol";
import { addressUsage, checkAddress } from "./addresses";
import { applyLimits, checkParameters, specFromConf, writeConf } from "./conf-spec";
import { mustRun, type DriverContext } from "./context";
import type { JailConfSpec } from "./jail-conf";
import { findJailRecord, listJailRecords, requireOwnConf, type JailRecord } from "./jails";
import { REQUESTABLE_PARAMETERS } from "@/shared/posture";

interface Plan {
  spec: JailConfSpec;
  /** The conf's addresses before the change, for the alias changes. */
  before: string[];
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

/** The same checks as a create's requested address, for the addresses the jail does not hold yet. */
async function checkNewAddresses(ctx: DriverContext, name: string, before: readonly string[], after: readonly string[]) {
  const fresh = after.filter((address) => !before.includes(address));
  if (fresh.length === 0) return;
  const usage = await addressUsage(ctx, await listJailRecords(ctx));
  for (const address of fresh) checkAddress(ctx, usage, address, name);
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

/** Everything but the live part; inside the address lock so a checked address stays free. */
async function planAndWrite(ctx: DriverContext, input: ChangeJailInput, record: JailRecord): Promise<Plan> {
  const conf = requireOwnConf(record);
  const running = record.running !== null;
  const spec = specFromConf(ctx, conf, conf.meta);
  const plan: Plan = { spec, before: [...spec.ipv4], modify: [], live: [], nextStart: [] };
  planParameters(ctx, input, plan, running);
  if (input.hostname !== undefined) {
    plan.spec = { ...plan.spec, hostname: input.hostname };
    if (running) plan.modify.push(`host.hostname=${input.hostname}`);
    mark(plan, "hostname", running);
  }
  if (input.ipv4 !== undefined) {
    await checkNewAddresses(ctx, input.name, plan.spec.ipv4, input.ipv4);
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
  plan.spec = { ...plan.spec, meta, ipv4: input.ipv4 ?? plan.spec.ipv4 };
  await writeConf(ctx, plan.spec);
  return plan;
}

/** Live through `jail -m` and rctl where the jail runs; always persisted in its conf. */
export async function changeJail(ctx: DriverContext, raw: ChangeJailInput): Promise<ChangeResult> {
  const input = changeJailInputSchema.parse(raw);
  const record = await findJailRecord(ctx, input.name);
  const plan = await ctx.addresses.exclusive(() => planAndWrite(ctx, input, record));
  if (record.running !== null) await applyLive(ctx, input, plan);
  const jail = (await findJailRecord(ctx, input.name)).jail;
  return { jail, appliedLive: plan.live, appliedOnNextStart: plan.nextStart };
}

async function applyLive(ctx: DriverContext, input: ChangeJailInput, plan: Plan) {
  if (plan.modify.length > 0) await mustRun(ctx, ["jail", "-m", `name=${input.name}`, ...plan.modify]);
  if (input.ipv4 !== undefined) await applyAddresses(ctx, input.name, plan.spec.interface, plan.before, input.ipv4);
  if (input.limits !== undefined) {
    const limits = plan.spec.meta.limits;
    const rules = Object.values(limits).some((v) => v != null);
    if (rules) await applyLimits(ctx, input.name, limits);
    else await ctx.runner.run(["rctl", "-r", `jail:${input.name}`]);
  }
}
