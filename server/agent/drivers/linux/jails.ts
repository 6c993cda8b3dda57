import { readdir } from "node:fs/promises";
import { networkInterfaces } from "node:os";
import path from "node:path";
import { AgentError, jailNameSchema, type Jail, type JailParameters } from "../../protocol";
import { containmentParameters } from "./contain/posture-facts";
import type { LinuxContext } from "./context";
import type { PoolUsage } from "../shared/ip-pool";
import type { LxcEntry } from "./lxc";
import { readConfiguredIpv4, readJailConfig } from "./lxc-config";
import { lxcPathFor } from "./lxc-path";
import { mapLxcState } from "./monitor";
import type { JailDefinition } from "./store";
import { jailDrift } from "./drift";

/** Stockade's parameters, then what the container's config really grants (the posture rules read both). */
async function parametersOf(ctx: LinuxContext, name: string, own: JailParameters, def?: JailDefinition): Promise<JailParameters> {
  return { ...own, ...(await containmentParameters(lxcPathFor(ctx, def), name, def?.mounts)) };
}

async function fromDefinition(ctx: LinuxContext, def: JailDefinition, entry: LxcEntry | undefined): Promise<Jail> {
  const lxcPath = lxcPathFor(ctx, def);
  return {
    name: def.name,
    state: entry ? mapLxcState(entry.state) : "unknown",
    jid: null,
    initPid: entry?.pid ?? null,
    hostname: def.hostname,
    ipv4: [def.ipv4],
    ipv6: [],
    path: path.join(lxcPath, def.name),
    template: def.template,
    parameters: await parametersOf(ctx, def.name, def.parameters, def),
    limits: def.limits,
    autostart: def.autostart,
    tags: def.tags,
    adopted: def.adopted ?? false,
    drift: await jailDrift(ctx, def, entry, await readJailConfig(lxcPath, def.name)),
  };
}

async function adopted(ctx: LinuxContext, entry: LxcEntry): Promise<Jail> {
  const configured = await readConfiguredIpv4(ctx.lxcPath, entry.name);
  return {
    name: entry.name,
    state: mapLxcState(entry.state),
    jid: null,
    initPid: entry.pid,
    hostname: entry.name,
    ipv4: entry.ipv4.length ? entry.ipv4 : configured ? [configured] : [],
    ipv6: [],
    path: path.join(ctx.lxcPath, entry.name),
    template: null,
    parameters: await parametersOf(ctx, entry.name, {}),
    limits: {},
    autostart: false,
    tags: [],
    adopted: true,
    unmanaged: true,
  };
}

/**
 * lxc-ls of the agent's LXC path, and of each other path a jail was adopted from (only those
 * jails' entries from it), by name. A path that went away leaves its jails without an entry
 * (state unknown) rather than failing every listing.
 */
export async function lxcEntries(ctx: LinuxContext, definitions: readonly JailDefinition[]): Promise<Map<string, LxcEntry>> {
  const elsewhere = new Map<string, Set<string>>();
  for (const def of definitions) if (def.lxcPath) elsewhere.set(def.lxcPath, (elsewhere.get(def.lxcPath) ?? new Set()).add(def.name));
  const [own = [], ...others] = await Promise.all([
    ctx.lxc.list(),
    ...[...elsewhere.keys()].map((p) =>
      ctx.lxc
        .at(p)
        .list()
        .catch(() => []),
    ),
  ]);
  const byName = new Map(own.map((e) => [e.name, e]));
  [...elsewhere.values()].forEach((names, i) => {
    for (const name of names) byName.delete(name);
    for (const entry of others[i] ?? []) if (names.has(entry.name)) byName.set(entry.name, entry);
  });
  return byName;
}

/**
 * LXC's containers joined with Stockade's definitions; LXC names outside our rules are skipped,
 * and so is a jail being created until it is complete.
 */
export async function listJails(ctx: LinuxContext): Promise<Jail[]> {
  const definitions = await ctx.store.list();
  const byName = await lxcEntries(ctx, definitions);
  const complete = definitions.filter((def) => !ctx.creating.has(def.name));
  const jails = await Promise.all(complete.map((def) => fromDefinition(ctx, def, byName.get(def.name))));
  const known = new Set([...definitions.map((d) => d.name), ...ctx.creating]);
  const others = [...byName.values()].filter((e) => !known.has(e.name) && jailNameSchema.safeParse(e.name).success);
  jails.push(...(await Promise.all(others.map((e) => adopted(ctx, e)))));
  return jails.sort((a, b) => a.name.localeCompare(b.name));
}

/** An invalid definition is logged by the store and left out, as the listing leaves it out. */
const validDefinition = (ctx: LinuxContext, name: string) =>
  ctx.store.get(name).catch((error: unknown) => (error instanceof AgentError ? null : Promise.reject(error)));

/**
 * The jail listJails would show under this name, from its own definition and container alone
 * (lxc-info, from the LXC path its definition names): no other jail's files or state are read.
 */
async function oneJail(ctx: LinuxContext, name: string): Promise<Jail | null> {
  const def = await validDefinition(ctx, name);
  // A path that went away has no config in it: the jail is left without an entry, as in the listing.
  const entry = await ctx.lxc.at(lxcPathFor(ctx, def)).info(name, !def);
  if (ctx.creating.has(name)) return null;
  if (def) return fromDefinition(ctx, def, entry ?? undefined);
  return entry && jailNameSchema.safeParse(name).success ? adopted(ctx, entry) : null;
}

/**
 * The running jails' names and init pids from the listing alone, with the same jails
 * listJails shows (none being created): usage and process snapshots need no configs or cgroups.
 */
export async function runningJails(ctx: LinuxContext): Promise<Array<{ name: string; initPid: number }>> {
  const definitions = await ctx.store.list();
  const defined = new Set(definitions.map((d) => d.name));
  const shown = (name: string) => !ctx.creating.has(name) && (defined.has(name) || jailNameSchema.safeParse(name).success);
  return [...(await lxcEntries(ctx, definitions)).values()]
    .flatMap((e) => (e.state === "RUNNING" && e.pid !== null && shown(e.name) ? [{ name: e.name, initPid: e.pid }] : []))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function getJail(ctx: LinuxContext, name: string): Promise<Jail> {
  const jail = await oneJail(ctx, name);
  if (!jail) throw new AgentError("not_found", `No jail named ${name}`, { jail: name });
  return jail;
}

/** Stockade starts, stops and changes a container found in its LXC path only once it was adopted. */
export function refuseUnmanaged(jail: Jail): void {
  if (!jail.unmanaged) return;
  throw new AgentError("unsupported", `${jail.name} was not created or adopted by Stockade: adopt it first (a plan shows what changes)`, {
    jail: jail.name,
  });
}

export async function requireRunning(ctx: LinuxContext, name: string): Promise<Jail & { initPid: number }> {
  const jail = await getJail(ctx, name);
  if (jail.state !== "running" || jail.initPid === null) {
    throw new AgentError("conflict", `Jail ${name} is ${jail.state}, not running`, { jail: name, state: jail.state });
  }
  return { ...jail, initPid: jail.initPid };
}

/** Container directories in an LXC path (ours unless given), read from disk so validation runs no command. */
export async function containerNames(ctx: LinuxContext, lxcPath = ctx.lxcPath): Promise<string[]> {
  const entries = await readdir(lxcPath, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory()).map((e) => e.name);
}

/** Every address held by a jail (ours from definitions, adopted ones from their config) and by the host. */
export async function poolUsage(ctx: LinuxContext): Promise<PoolUsage> {
  const used = new Map<string, string>();
  const definitions = await ctx.store.list();
  for (const def of definitions) used.set(def.ipv4, def.name);
  const ours = new Set(definitions.map((d) => d.name));
  for (const name of await containerNames(ctx)) {
    if (ours.has(name)) continue;
    const address = await readConfiguredIpv4(ctx.lxcPath, name);
    if (address) used.set(address, name);
  }
  const hostAddresses = new Set(
    Object.values(networkInterfaces())
      .flat()
      .filter((a) => a?.family === "IPv4")
      .map((a) => a!.address),
  );
  return { used, hostAddresses };
}
