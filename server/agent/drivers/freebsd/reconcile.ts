/**
 * A drifted jail made consistent again, one way or the other: keep its definition (the running
 * jail is changed back with `jail -m`), or keep what runs (its values are written into the
 * file that defines it, through the ordinary change plan: in place for an adopted jail).
 */
import { AgentError, type ChangeJailInput } from "../../protocol";
import type { DriverPlan } from "../driver";
import { REQUESTABLE_PARAMETERS } from "@/shared/posture";
import { planChange } from "./change";
import type { DriverContext } from "./context";
import { isFileDrift, type Drift } from "./drift";
import { findJailRecord, type JailRecord } from "./jails";
import { planFileReconcile } from "./reconcile-file";
import { isLimitDrift, limitOfDriftKey, revertLimitSteps } from "./rctl-drift";
import { shownCommands, step, type FreebsdStep } from "./steps";

const liveKey = (key: string) => key === "host.hostname" || REQUESTABLE_PARAMETERS[key]?.live === true;

/** jls prints every value as text: booleans and numbers are written back as jail.conf spells them. */
const typed = (text: string): string | number | boolean =>
  text === "true" || text === "false" ? text === "true" : /^-?\d+$/.test(text) ? Number(text) : text;

/** The change that writes the running values down. */
function keepRunning(name: string, drift: Drift): ChangeJailInput {
  const input: ChangeJailInput = { name };
  for (const { key, running } of drift) {
    if (isLimitDrift(key)) input.limits = { ...input.limits, [limitOfDriftKey(key)]: running === null ? null : Number(running) };
    else if (running === null) continue;
    else if (key === "host.hostname") input.hostname = running;
    else if (key === "ip4.addr") input.ipv4 = running.split(",").filter(Boolean);
    else input.parameters = { ...input.parameters, [key]: typed(running) };
  }
  return input;
}

async function keepDefinition(ctx: DriverContext, record: JailRecord, drift: Drift): Promise<DriverPlan> {
  const name = record.jail.name;
  const conf = record.conf!;
  const live = drift.filter((d) => liveKey(d.key) && d.defined !== null);
  const limits = revertLimitSteps(name, drift);
  const later = drift.filter((d) => !live.includes(d) && !isLimitDrift(d.key)).map((d) => d.key);
  if (live.length === 0 && limits.length === 0) {
    throw new AgentError(
      "unsupported",
      `${later.join(", ")} of ${name} change only when it restarts: restart it to take ${conf.definedIn.file}'s values`,
    );
  }
  const modify = step(
    ["jail", "-m", `name=${name}`, ...live.map((d) => `${d.key}=${d.defined}`)],
    `give the running jail ${conf.definedIn.file}'s values again`,
  );
  const steps: FreebsdStep[] = [...(live.length ? [modify] : []), ...limits];
  const text = await ctx.runner.readFile(conf.definedIn.file);
  return {
    shown: {
      kind: "change",
      jail: name,
      configPath: conf.definedIn.file,
      configBefore: text,
      configAfter: text,
      commands: shownCommands(steps),
      effects: [
        ...live.map((d) => ({ field: d.key === "host.hostname" ? "hostname" : `parameters.${d.key}`, when: "live" as const })),
        ...(limits.length ? [{ field: "limits", when: "live" as const }] : []),
      ],
      warnings: later.length ? [`${later.join(", ")} keep their running values until ${name} restarts.`] : [],
    },
    revision: JSON.stringify({ jid: record.running?.jid ?? null, drift }),
    execution: { kind: "change", name, configAfter: null, steps, ipv4: [...record.jail.ipv4], owned: [] },
  };
}

export async function planReconcile(ctx: DriverContext, name: string, keep: "definition" | "running"): Promise<DriverPlan> {
  const record = await findJailRecord(ctx, name);
  const drift = record.jail.drift ?? [];
  if (drift.length === 0) throw new AgentError("conflict", `${name} runs as its definition says: there is nothing to reconcile`);
  if (record.running === null && drift.some((d) => isFileDrift(d.key))) return planFileReconcile(ctx, record, drift, keep);
  return keep === "running" ? planChange(ctx, keepRunning(name, drift)) : keepDefinition(ctx, record, drift);
}
