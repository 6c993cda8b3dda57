import type { ChangeJailInput, PlanEffect } from "../../protocol";
import type { DriverPlan } from "../driver";
import { addressUsage, checkAddress } from "./addresses";
import { planAdoptedChange } from "./change-adopted";
import { checkParameters, limitRules, specFromConf } from "./conf-spec";
import { confPath, type DriverContext } from "./context";
import { renderJailConf, type JailConfSpec } from "./jail-conf";
import { findJailRecord, listJailRecords, refuseDuplicate, requireOwnConf } from "./jails";
import { REQUESTABLE_PARAMETERS } from "@/shared/posture";
import { shownCommands, step, type FreebsdStep } from "./steps";

interface Change {
  spec: JailConfSpec;
  /** name=value arguments for `jail -m`. */
  modify: string[];
  effects: PlanEffect[];
}

const mark = (change: Change, field: string, running: boolean) => change.effects.push({ field, when: running ? "live" : "next-start" });

function changeParameters(ctx: DriverContext, input: ChangeJailInput, change: Change, running: boolean) {
  const parameters = checkParameters(ctx, input.parameters ?? {});
  for (const [key, value] of Object.entries(parameters)) {
    change.spec = { ...change.spec, parameters: { ...change.spec.parameters, [key]: value } };
    // Host-side parameters are jail(8)'s, never the kernel's: they only act at start.
    const live = running && REQUESTABLE_PARAMETERS[key]?.live === true;
    if (live) change.modify.push(`${key}=${String(value)}`);
    mark(change, `parameters.${key}`, live);
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
function addressSteps(name: string, iface: string, before: readonly string[], after: readonly string[]): FreebsdStep[] {
  return [
    ...after.filter((a) => !before.includes(a)).map((a) => step(["ifconfig", iface, "inet", `${a}/32`, "alias"], `alias ${a} on ${iface}`)),
    step(["jail", "-m", `name=${name}`, `ip4.addr=${after.join(",")}`], "give the running jail its addresses"),
    ...before.filter((a) => !after.includes(a)).map((a) => step(["ifconfig", iface, "inet", a, "-alias"], `remove the alias ${a}`)),
  ];
}

/** rctl rules do not survive a stop: clear the jail's and add the current ones. */
function limitSteps(spec: JailConfSpec): FreebsdStep[] {
  return [
    step(["rctl", "-r", `jail:${spec.name}`], "clear the jail's resource limits", "ignore"),
    ...limitRules(spec.name, spec.meta.limits).map((rule) => step(["rctl", "-a", rule], "add a resource limit", "limit")),
  ];
}

async function compute(ctx: DriverContext, input: ChangeJailInput, spec: JailConfSpec, running: boolean): Promise<Change> {
  const change: Change = { spec, modify: [], effects: [] };
  changeParameters(ctx, input, change, running);
  if (input.hostname !== undefined) {
    change.spec = { ...change.spec, hostname: input.hostname };
    if (running) change.modify.push(`host.hostname=${input.hostname}`);
    mark(change, "hostname", running);
  }
  if (input.ipv4 !== undefined) {
    await checkNewAddresses(ctx, input.name, spec.ipv4, input.ipv4);
    mark(change, "ipv4", running);
  }
  const meta = { ...change.spec.meta };
  if (input.limits !== undefined) {
    meta.limits = { ...meta.limits, ...input.limits };
    mark(change, "limits", running);
  }
  for (const field of ["autostart", "tags"] as const) {
    if (input[field] === undefined) continue;
    if (field === "autostart") meta.autostart = input.autostart!;
    else meta.tags = input.tags!;
    change.effects.push({ field, when: "now" });
  }
  change.spec = { ...change.spec, meta, ipv4: input.ipv4 ?? change.spec.ipv4 };
  return change;
}

/** Live through `jail -m` and rctl where the jail runs; always persisted in its conf. */
export async function planChange(ctx: DriverContext, input: ChangeJailInput): Promise<DriverPlan> {
  const record = await findJailRecord(ctx, input.name);
  refuseDuplicate(record);
  if (record.conf && !record.conf.meta) return planAdoptedChange(ctx, input, record, record.conf);
  const conf = requireOwnConf(record);
  const running = record.running !== null;
  const before = specFromConf(ctx, conf, conf.meta);
  const change = await compute(ctx, input, before, running);
  const steps: FreebsdStep[] = [{ type: "write-conf" }];
  if (running && change.modify.length > 0)
    steps.push(step(["jail", "-m", `name=${input.name}`, ...change.modify], "change the running jail"));
  if (running && input.ipv4 !== undefined) steps.push(...addressSteps(input.name, before.interface, before.ipv4, input.ipv4));
  if (running && input.limits !== undefined) steps.push(...limitSteps(change.spec));
  const configAfter = renderJailConf(change.spec);
  const restart = change.effects.filter((e) => e.when === "next-start").map((e) => e.field);
  return {
    shown: {
      kind: "change",
      jail: input.name,
      configPath: confPath(ctx, input.name),
      configBefore: await ctx.runner.readFile(confPath(ctx, input.name)),
      configAfter,
      commands: shownCommands(steps),
      effects: change.effects,
      warnings: running && restart.length ? [`${restart.join(", ")} take effect when ${input.name} is restarted.`] : [],
    },
    revision: JSON.stringify({ jid: record.running?.jid ?? null }),
    execution: { kind: "change", name: input.name, configAfter, steps, ipv4: [...change.spec.ipv4], owned: [] },
  };
}
