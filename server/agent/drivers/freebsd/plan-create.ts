import path from "node:path";
import { AgentError, type CreateJailRequest } from "../../protocol";
import type { DriverPlan } from "../driver";
import { addressUsage, chooseAddress } from "./addresses";
import { checkParameters } from "./conf-spec";
import { confPath, consoleLogPath, jailRootPath, type DriverContext } from "./context";
import { renderJailConf } from "./jail-conf";
import { listJailRecords } from "./jails";
import { LONG_STEP, populatePlan } from "./populate";
import { shownCommands, step, type FreebsdExecution, type FreebsdStep } from "./steps";

const why = (argv: string[]): string =>
  argv[0] === "tar" ? "extract the base system" : argv[0] === "cp" ? "copy the userland" : "make a writable directory";

export async function planCreate(ctx: DriverContext, input: CreateJailRequest): Promise<DriverPlan> {
  const template = ctx.templates[input.template];
  if (!template) throw new AgentError("not_found", `No template named ${input.template}`, { field: "template" });
  const parameters = checkParameters(ctx, input.parameters ?? {});
  if (input.mounts?.length) {
    throw new AgentError("unsupported", "Host mounts are a Linux jail's (on FreeBSD, name them in the jail's fstab)", { field: "mounts" });
  }
  const records = await listJailRecords(ctx);
  if (records.some((r) => r.jail.name === input.name)) {
    throw new AgentError("conflict", `A jail named ${input.name} exists`, { field: "name", jail: input.name });
  }
  const ipv4 = chooseAddress(ctx, await addressUsage(ctx, records), input.name, input.ipv4);
  const populate = populatePlan(ctx, input.name, template);
  const configAfter = renderJailConf({
    name: input.name,
    path: jailRootPath(ctx, input.name),
    hostname: input.hostname ?? input.name,
    interface: ctx.interface,
    ipv4,
    ipv6: [],
    parameters,
    mounts: populate.mounts,
    consoleLog: consoleLogPath(ctx, input.name),
    meta: { template: input.template, autostart: input.autostart, tags: input.tags, limits: input.limits ?? {}, interface: ctx.interface },
  });
  const steps: FreebsdStep[] = [
    ...populate.owned.map((dir) => step(["mkdir", dir], `make ${path.posix.basename(dir)} (refused if it exists)`, "owned-dir")),
    ...populate.steps.map((argv) => step(argv, why(argv), "fail", LONG_STEP.timeoutMs)),
    { type: "write-conf" },
  ];
  const execution: FreebsdExecution = { kind: "create", name: input.name, configAfter, steps, ipv4, owned: populate.owned };
  return {
    shown: {
      kind: "create",
      jail: input.name,
      configPath: confPath(ctx, input.name),
      configBefore: null,
      configAfter,
      commands: shownCommands(steps),
      effects: [{ field: "jail", when: "now" }],
      warnings: [],
    },
    revision: "",
    execution,
  };
}
