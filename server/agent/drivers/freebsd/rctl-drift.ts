/**
 * Drift of resource limits: the deny rules rctl holds for a running jail Stockade manages,
 * against the limits its definition keeps. Read with the listing (`rctl jail:NAME`), so a rule
 * someone added, removed or changed by hand shows up at the next read; nothing polls.
 */
import type { JailLimits } from "../../protocol";
import type { DriverContext } from "./context";
import type { Drift } from "./drift";
import { parseRctlRules, type RctlRule } from "./parse-rctl";
import { step, type FreebsdStep } from "./steps";

/** The rctl resource of each limit Stockade keeps, the same ones limitRules writes. */
export const LIMIT_RESOURCES = { memoryuse: "memoryBytes", maxproc: "maxProcesses", pcpu: "cpuPercent" } as const;
type LimitResource = keyof typeof LIMIT_RESOURCES;

const PREFIX = "rctl:";
export const isLimitDrift = (key: string) => key.startsWith(PREFIX);
export const limitOfDriftKey = (key: string) => LIMIT_RESOURCES[key.slice(PREFIX.length) as LimitResource];

/** The jail's rules, or null where rctl cannot say (RACCT off or not in the kernel). */
export async function readJailRules(ctx: DriverContext, name: string): Promise<RctlRule[] | null> {
  const result = await ctx.runner.run(["rctl", `jail:${name}`], { allowFailure: true });
  return result.exitCode === 0 ? parseRctlRules(result.stdout) : null;
}

/** Deny rules per jail as a whole (not per process or user), the only kind Stockade writes. */
function denied(rules: RctlRule[], resource: string): string | null {
  const rule = rules.find((r) => r.resource === resource && r.action === "deny" && (r.per === null || r.per === "jail"));
  return rule ? String(rule.amount) : null;
}

/** Every limit whose rule on the host differs from the definition, keyed rctl:RESOURCE. */
export function limitDrift(limits: JailLimits, rules: RctlRule[]): Drift {
  const drift: Drift = [];
  for (const [resource, field] of Object.entries(LIMIT_RESOURCES)) {
    const defined = limits[field] == null ? null : String(limits[field]);
    const running = denied(rules, resource);
    if (defined !== running) drift.push({ key: `${PREFIX}${resource}`, defined, running });
  }
  return drift;
}

/** Gives the host the definition's rules again: the hand-made rule removed, the defined one added. */
export function revertLimitSteps(name: string, drift: Drift): FreebsdStep[] {
  return drift
    .filter((d) => isLimitDrift(d.key))
    .flatMap(({ key, defined, running }) => {
      const filter = `jail:${name}:${key.slice(PREFIX.length)}:deny`;
      return [
        ...(running !== null ? [step(["rctl", "-r", filter], "remove the resource limit set outside Stockade")] : []),
        ...(defined !== null ? [step(["rctl", "-a", `${filter}=${defined}`], "add the defined resource limit", "limit")] : []),
      ];
    });
}
