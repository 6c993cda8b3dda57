import { AgentError } from "../../protocol";
import type { DriverPlan } from "../driver";
import { confPath, type DriverContext } from "./context";
import { moveJailToOwnFile } from "./jail-conf-move";
import type { ConfiguredJail } from "./jail-conf-read";
import { findJailRecord, type JailRecord } from "./jails";
import type { FreebsdStep } from "./steps";
import { unwritableFiles, unwritableWarnings } from "./writable";

/** Only a jail that shares the host's main configuration moves; the reason otherwise. */
function movable(ctx: DriverContext, record: JailRecord): ConfiguredJail {
  const { conf, jail } = record;
  if (!conf) throw new AgentError("not_found", `No configuration defines ${jail.name}: there is nothing to move`);
  if (conf.meta) throw new AgentError("conflict", `${jail.name} was created by Stockade and already has its own file, ${conf.configFile}`);
  if (conf.managedBy)
    throw new AgentError("unsupported", `${jail.name} is managed by ${conf.managedBy}: its file is left where ${conf.managedBy} keeps it`);
  if (conf.configFile !== ctx.mainConf)
    throw new AgentError("conflict", `${jail.name} already has its own configuration, ${conf.configFile}`);
  const [problem] = conf.problems;
  if (problem)
    throw new AgentError("conflict", `${jail.name} is not moved while ${problem.file} line ${problem.line} says: ${problem.message}`);
  return conf;
}

/** The jail's block (and the comments above it) to jail.conf.d/NAME.conf, which it is then started from. */
export async function planMove(ctx: DriverContext, name: string): Promise<DriverPlan> {
  const record = await findJailRecord(ctx, name);
  const conf = movable(ctx, record);
  const target = confPath(ctx, name);
  if ((await ctx.runner.readFile(target)) !== null)
    throw new AgentError("conflict", `${target} already exists: move or remove it first`, { file: target });
  const move = await moveJailToOwnFile(ctx.runner, conf.configFile, conf.definedIn, target);
  if (!move.ok) throw new AgentError("unsupported", `${name} cannot be moved: ${move.reason}`);
  const unwritable = await unwritableFiles(ctx, [target, move.source.file]);
  // The new file first: a crash between the two writes leaves a jail defined twice (reported), never one lost.
  const steps: FreebsdStep[] = [
    { type: "write-file", file: target, content: move.target.content },
    { type: "write-file", file: move.source.file, content: move.source.after },
  ];
  return {
    shown: {
      kind: "move",
      jail: name,
      configPath: target,
      configBefore: null,
      configAfter: move.target.content,
      otherFiles: [{ path: move.source.file, before: move.source.before, after: move.source.after }],
      unwritable,
      commands: [],
      effects: [{ field: "configFile", when: "now" }],
      warnings: [
        `${name}'s block leaves ${move.source.file}; every other jail there keeps its parameters. It is started with jail -f ${target} from now on.`,
        ...unwritableWarnings(unwritable),
      ],
    },
    revision: JSON.stringify({ jid: record.running?.jid ?? null }),
    execution: { kind: "move", name, configAfter: null, steps, ipv4: [...record.jail.ipv4], owned: [], unwritable },
  };
}
