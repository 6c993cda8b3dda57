import path from "node:path";
import { AgentError } from "../../protocol";
import type { DriverPlan } from "../driver";
import { confPath, jailRootPath, thinDataPath, type DriverContext } from "./context";
import { findJailRecord, requireOwnConf } from "./jails";
import { LONG_STEP } from "./populate";
import { shownCommands, step, type FreebsdStep } from "./steps";

/** Refuses to remove anything but jailsRoot/NAME (and a thin jail's NAME.data). */
function confinedRoot(ctx: DriverContext, name: string, jailPath: string): string {
  const expected = jailRootPath(ctx, name);
  if (path.posix.resolve("/", jailPath) !== expected) {
    throw new AgentError("conflict", `${name}'s path ${jailPath} is not ${expected}; remove its files by hand`);
  }
  return expected;
}

export async function planDestroy(ctx: DriverContext, name: string): Promise<DriverPlan> {
  const record = await findJailRecord(ctx, name);
  const conf = requireOwnConf(record);
  const root = confinedRoot(ctx, name, record.jail.path);
  const targets = Array.isArray(conf.parameters["mount"]) ? [root, thinDataPath(ctx, name)] : [root];
  const steps: FreebsdStep[] = [
    ...(record.running
      ? [step(["jail", "-f", confPath(ctx, name), "-r", name], "stop the jail (rc.shutdown, then kill)", "fail", 120_000)]
      : []),
    // Ignored: with no rules or accounting off there is nothing to remove.
    step(["rctl", "-r", `jail:${name}`], "remove its resource limits", "ignore"),
    ...targets.flatMap((target) => [
      // securelevel leaves schg flags that make rm fail.
      step(["chflags", "-R", "0", target], "clear immutable flags securelevel left", "fail", LONG_STEP.timeoutMs),
      step(["rm", "-rf", target], "delete its files", "fail", LONG_STEP.timeoutMs),
    ]),
    // Last: while files remain, the jail stays listed, so a failed removal can be retried.
    { type: "remove-conf" },
  ];
  return {
    shown: {
      kind: "destroy",
      jail: name,
      configPath: confPath(ctx, name),
      configBefore: await ctx.runner.readFile(confPath(ctx, name)),
      configAfter: null,
      commands: shownCommands(steps),
      effects: [{ field: "jail", when: "now" }],
      warnings: [
        ...(record.running ? [`${name} is running: it is stopped first.`] : []),
        "Destroying cannot be undone: the jail's files are deleted.",
      ],
    },
    revision: JSON.stringify({ jid: record.running?.jid ?? null }),
    execution: { kind: "destroy", name, configAfter: null, steps, ipv4: [], owned: [] },
  };
}
