/**
 * A stopped jail whose file was edited by hand: the file is its only definition, so accepting
 * the edit is sealing the file with its new hash (nothing else is written), and there is no
 * earlier copy Stockade could revert to. Only files Stockade wrote are sealed, and their own
 * changes are not checked for immutable flags either (change.ts).
 */
import { AgentError } from "../../protocol";
import type { DriverPlan } from "../driver";
import { sealConf } from "./conf-seal";
import type { DriverContext } from "./context";
import type { Drift } from "./drift";
import type { JailRecord } from "./jails";
import type { FreebsdStep } from "./steps";

export async function planFileReconcile(
  ctx: DriverContext,
  record: JailRecord,
  drift: Drift,
  keep: "definition" | "running",
): Promise<DriverPlan> {
  const name = record.jail.name;
  const file = record.conf!.definedIn.file;
  if (keep === "definition") {
    throw new AgentError("unsupported", `${file} is ${name}'s only definition and Stockade keeps no earlier copy: edit it back by hand`);
  }
  const before = (await ctx.runner.readFile(file)) ?? "";
  const after = sealConf(before);
  const steps: FreebsdStep[] = [{ type: "write-conf" }];
  return {
    shown: {
      kind: "change",
      jail: name,
      configPath: file,
      configBefore: before,
      configAfter: after,
      commands: [],
      effects: [],
      warnings: [`Stockade takes ${file} as edited: only its hash line changes.`],
    },
    revision: JSON.stringify({ jid: null, drift }),
    execution: { kind: "change", name, configAfter: after, configPath: file, steps, ipv4: [...record.jail.ipv4], owned: [] },
  };
}
