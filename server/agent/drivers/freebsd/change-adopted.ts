import { AgentError, type ChangeJailInput, type PlanEffect } from "../../protocol";
import type { DriverPlan } from "../driver";
import { checkParameters } from "./conf-spec";
import type { DriverContext } from "./context";
import type { ConfValue } from "./jail-conf";
import { editJailInPlace } from "./jail-conf-edit";
import type { ConfiguredJail } from "./jail-conf-read";
import type { JailRecord } from "./jails";
import { REQUESTABLE_PARAMETERS } from "@/shared/posture";
import { shownCommands, step, type FreebsdStep } from "./steps";
import { unwritableFiles, unwritableWarnings } from "./writable";

/** What an adopted jail's file can say about it; limits, tags and addresses are Stockade's own bookkeeping. */
const NOT_IN_PLACE = ["ipv4", "limits", "autostart", "tags"] as const;

function refuseOthers(input: ChangeJailInput, conf: ConfiguredJail): void {
  const asked = NOT_IN_PLACE.filter((field) => input[field] !== undefined);
  if (asked.length === 0) return;
  throw new AgentError(
    "unsupported",
    `${input.name} is defined in ${conf.definedIn.file}, which Stockade did not write: only its parameters and hostname change in place (not ${asked.join(", ")})`,
    { field: asked[0] },
  );
}

/** A change to a jail Stockade adopted: its own statements edited where they stand, every other byte kept. */
export async function planAdoptedChange(
  ctx: DriverContext,
  input: ChangeJailInput,
  record: JailRecord,
  conf: ConfiguredJail,
): Promise<DriverPlan> {
  refuseOthers(input, conf);
  const changes: Record<string, ConfValue> = { ...checkParameters(ctx, input.parameters ?? {}) };
  if (input.hostname !== undefined) changes["host.hostname"] = input.hostname;
  const edit = await editJailInPlace(ctx.runner, conf.configFile, conf.definedIn, changes);
  if (!edit.ok) {
    throw new AgentError("unsupported", `${input.name} cannot be changed in place: ${edit.reason}. Edit ${conf.definedIn.file} by hand.`);
  }
  const running = record.running !== null;
  const live = (key: string) => running && (key === "host.hostname" || REQUESTABLE_PARAMETERS[key]?.live === true);
  const modify = Object.entries(changes).flatMap(([key, value]) => (live(key) ? [`${key}=${String(value)}`] : []));
  const effects: PlanEffect[] = Object.keys(changes).map((key) => ({
    field: key === "host.hostname" ? "hostname" : `parameters.${key}`,
    when: live(key) ? "live" : "next-start",
  }));
  const steps: FreebsdStep[] = [{ type: "write-conf" }];
  if (modify.length > 0) steps.push(step(["jail", "-m", `name=${input.name}`, ...modify], "change the running jail"));
  const unwritable = await unwritableFiles(ctx, [edit.file]);
  return {
    shown: {
      kind: "change",
      jail: input.name,
      configPath: edit.file,
      configBefore: edit.before,
      configAfter: edit.after,
      commands: shownCommands(steps),
      effects,
      warnings: [`${edit.file} is edited in place: only ${input.name}'s statements change.`, ...unwritableWarnings(unwritable)],
      unwritable,
    },
    revision: JSON.stringify({ jid: record.running?.jid ?? null }),
    execution: {
      kind: "change",
      name: input.name,
      configAfter: edit.after,
      configPath: edit.file,
      steps,
      ipv4: [...record.jail.ipv4],
      owned: [],
      unwritable,
    },
  };
}
