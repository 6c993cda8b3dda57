import { rm } from "node:fs/promises";
import path from "node:path";
import { AgentError, type CreateJailInput, type Jail } from "../../protocol";
import type { ProgressReporter } from "../driver";
import type { LinuxContext } from "./context";
import { allocate } from "./ip-pool";
import { containerNames, getJail, poolUsage } from "./jails";
import { vethPairName, writeJailConfig } from "./lxc-config";
import { checkParameters } from "./parameters";
import { hostnameFor, type JailDefinition } from "./store";
import { createBusybox, createDebian } from "./templates";

const TEMPLATES = ["busybox", "debian"];

/** Everything that can be refused is refused here, before any command runs. */
async function reserve(ctx: LinuxContext, input: CreateJailInput): Promise<JailDefinition> {
  if (!TEMPLATES.includes(input.template)) {
    throw new AgentError("not_found", `No template named ${input.template} (available: ${TEMPLATES.join(", ")})`, { field: "template" });
  }
  const parameters = checkParameters(input.parameters);
  if ((await containerNames(ctx)).includes(input.name) || (await ctx.store.get(input.name))) {
    throw new AgentError("conflict", `A jail named ${input.name} already exists`, { field: "name", jail: input.name });
  }
  const ipv4 = allocate(ctx.pool, await poolUsage(ctx), input.name, input.ipv4);
  const definition: JailDefinition = {
    name: input.name,
    template: input.template,
    hostname: input.hostname ?? hostnameFor(input.name),
    ipv4,
    vethPair: vethPairName(ctx.lxcPath, input.name),
    limits: { memoryBytes: null, maxProcesses: null, cpuPercent: null, ...input.limits },
    parameters,
    autostart: input.autostart ?? false,
    tags: input.tags ?? [],
    createdAt: Date.now(),
  };
  await ctx.store.put(definition);
  return definition;
}

async function build(ctx: LinuxContext, def: JailDefinition, progress: ProgressReporter): Promise<void> {
  progress(`creating ${def.name} from ${def.template}`, null);
  if (def.template === "busybox") await createBusybox(ctx.templates, def.name);
  else await createDebian(ctx.templates, def.name, progress);
  await writeJailConfig(ctx.lxcPath, def, ctx.config);
}

/** A failed build leaves nothing: neither the container nor the address reservation. */
async function undo(ctx: LinuxContext, name: string): Promise<void> {
  if ((await containerNames(ctx)).includes(name)) {
    await ctx.lxc.destroy(name).catch(() => rm(path.join(ctx.lxcPath, name), { recursive: true, force: true }));
  }
  await ctx.store.remove(name);
}

export async function createJail(
  ctx: LinuxContext,
  input: CreateJailInput,
  progress: ProgressReporter,
  reserveLock: <T>(task: () => Promise<T>) => Promise<T>,
): Promise<Jail> {
  const def = await reserveLock(() => reserve(ctx, input));
  try {
    await build(ctx, def, progress);
  } catch (error) {
    await undo(ctx, def.name);
    throw error;
  }
  return getJail(ctx, def.name);
}
