import { AgentError, type JailLimits } from "../../protocol";
import { confPath, consoleLogPath, type DriverContext } from "./context";
import { renderJailConf, type ConfValue, type JailConfSpec, type StockadeMeta } from "./jail-conf";
import type { ParsedJailConf } from "./jail-conf-parse";
import { validateRequestedParameters } from "@/shared/posture";

/** Derived from other fields of the spec when the conf is rendered. */
const DERIVED_KEYS = new Set(["path", "host.hostname", "ip4.addr", "ip6.addr", "mount", "exec.consolelog"]);

function addressesOf(value: ParsedJailConf["parameters"][string] | undefined): string[] {
  const items = Array.isArray(value) ? value : typeof value === "string" ? [value] : [];
  return items.map((item) => (item.split("|").at(-1) ?? "").split("/")[0] ?? "").filter(Boolean);
}

/** Rebuilds the spec of a conf Stockade wrote, so a change rewrites it whole. */
export function specFromConf(ctx: DriverContext, conf: ParsedJailConf, meta: StockadeMeta): JailConfSpec {
  const p = conf.parameters;
  const parameters: Record<string, ConfValue> = {};
  for (const [key, value] of Object.entries(p)) if (!DERIVED_KEYS.has(key)) parameters[key] = value;
  const mounts = p["mount"];
  const consoleLog = p["exec.consolelog"];
  return {
    name: conf.name,
    path: typeof p["path"] === "string" ? p["path"] : "",
    hostname: typeof p["host.hostname"] === "string" ? p["host.hostname"] : conf.name,
    interface: meta.interface ?? ctx.interface,
    ipv4: addressesOf(p["ip4.addr"]),
    ipv6: addressesOf(p["ip6.addr"]),
    parameters,
    mounts: Array.isArray(mounts) ? mounts : typeof mounts === "string" ? [mounts] : [],
    consoleLog: typeof consoleLog === "string" ? consoleLog : consoleLogPath(ctx, conf.name),
    meta,
  };
}

export async function writeConf(ctx: DriverContext, spec: JailConfSpec): Promise<void> {
  await ctx.runner.writeFile(confPath(ctx, spec.name), renderJailConf(spec));
}

/** Allow-list check of requested parameters; the refusal names every bad one. */
export function checkParameters(ctx: DriverContext, parameters: Record<string, string | number | boolean>) {
  const result = validateRequestedParameters(parameters, {
    allowHostSide: ctx.allowHostSideParameters,
    jailsRoot: ctx.jailsRoot,
  });
  if (!result.ok) {
    const message = result.errors.map((e) => e.message).join("; ");
    throw new AgentError("invalid_input", message, { field: `parameters.${result.errors[0]!.parameter}`, errors: result.errors });
  }
  return result.parameters;
}

/** rctl rules for a jail's limits, in the order they are applied. */
export function limitRules(name: string, limits: JailLimits): string[] {
  const rules: string[] = [];
  if (limits.memoryBytes != null) rules.push(`jail:${name}:memoryuse:deny=${limits.memoryBytes}`);
  if (limits.maxProcesses != null) rules.push(`jail:${name}:maxproc:deny=${limits.maxProcesses}`);
  if (limits.cpuPercent != null) rules.push(`jail:${name}:pcpu:deny=${limits.cpuPercent}`);
  return rules;
}

/** rctl rules do not survive a stop: clear the jail's and add the current ones. */
export async function applyLimits(ctx: DriverContext, name: string, limits: JailLimits): Promise<void> {
  const rules = limitRules(name, limits);
  if (rules.length === 0) return;
  await ctx.runner.run(["rctl", "-r", `jail:${name}`], { allowFailure: true });
  for (const rule of rules) {
    const result = await ctx.runner.run(["rctl", "-a", rule], { allowFailure: true });
    if (result.exitCode !== 0) {
      throw new AgentError("engine_failed", `${name} runs, but its limit ${rule} was refused: ${result.stderr.trim()}`, {
        stderr: result.stderr.trim(),
      });
    }
  }
}
