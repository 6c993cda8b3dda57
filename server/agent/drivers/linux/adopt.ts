/**
 * Adopting a container Stockade did not create (made with plain lxc-create, in the agent's LXC
 * path or in another one): its definition is read from its config, and the plan shows the
 * config with Stockade's managed block (hostname, network, limits, containment) under the lines
 * its maker wrote. Its rootfs is left as it is, where it is: a container from another LXC path
 * stays there, and its definition records that path. Until this plan is applied Stockade
 * changes nothing of it.
 */
import { realpath, stat } from "node:fs/promises";
import path from "node:path";
import { AgentError, hostnameSchema, isWithin, type JailLimits } from "../../protocol";
import type { DriverPlan } from "../driver";
import { allocate, checkRequested, inPool } from "../shared/ip-pool";
import { containmentFacts } from "./contain/posture-facts";
import type { LinuxContext } from "./context";
import { containerNames, poolUsage } from "./jails";
import { jailConfigPath, readJailConfig, renderJailConfig, vethPairName } from "./lxc-config";
import { mapLxcState } from "./monitor";
import { shownCommands, type LinuxStep } from "./steps";
import { hostnameFor, type JailDefinition } from "./store";

const configValue = (config: string, key: string): string | null => {
  const match = new RegExp(`^[ \\t]*${key.replace(/\./g, "\\.")}[ \\t]*=[ \\t]*(.*?)[ \\t]*$`, "m").exec(config);
  return match?.[1] ?? null;
};

/** The limits its config already sets (cgroup v2 keys), so adopting does not drop them. */
function limitsOf(config: string): JailLimits {
  const memory = configValue(config, "lxc.cgroup2.memory.max");
  const pids = configValue(config, "lxc.cgroup2.pids.max");
  const cpu = configValue(config, "lxc.cgroup2.cpu.max")?.split(" ");
  return {
    ...(memory && /^\d+$/.test(memory) ? { memoryBytes: Number(memory) } : {}),
    ...(pids && /^\d+$/.test(pids) ? { maxProcesses: Number(pids) } : {}),
    ...(cpu?.[0] && /^\d+$/.test(cpu[0]) && cpu[1] ? { cpuPercent: Math.round((Number(cpu[0]) * 100) / Number(cpu[1])) } : {}),
  };
}

/** Its own address: owned in the pool when it is a pool address, recorded as external otherwise; a free one when it has none. */
async function addressOf(ctx: LinuxContext, name: string, config: string) {
  const configured = configValue(config, "lxc.net.0.ipv4.address")?.split("/")[0] ?? null;
  const usage = await poolUsage(ctx);
  if (configured && !inPool(ctx.pool, configured)) {
    return {
      ipv4: configured,
      network: "external" as const,
      note: `${configured} is outside the pool: it is recorded as external and its network lines are kept.`,
    };
  }
  if (configured)
    return {
      ipv4: checkRequested(ctx.pool, usage, configured, name),
      network: "pool" as const,
      note: `Stockade owns ${configured} in the pool from now on.`,
    };
  const ipv4 = allocate(ctx.pool, usage, name);
  return { ipv4, network: "pool" as const, note: `${name} has no address: it gets ${ipv4} from the pool on Stockade's bridge.` };
}

async function definitionOf(ctx: LinuxContext, name: string, config: string, elsewhere: string | undefined) {
  const facts = containmentFacts(config);
  const idmap = /^\s*lxc\.idmap\s*=\s*u\s+0\s+(\d+)\s+65536\s*$/m.exec(config);
  const address = await addressOf(ctx, name, config);
  const def: JailDefinition = {
    name,
    template: "adopted",
    hostname: hostnameSchema.safeParse(configValue(config, "lxc.uts.name")).data ?? hostnameFor(name),
    ipv4: address.ipv4,
    vethPair: vethPairName(elsewhere ?? ctx.lxcPath, name),
    limits: limitsOf(config),
    parameters: {},
    autostart: false,
    tags: [],
    createdAt: Date.now(),
    security: { privileged: facts.privileged, idRangeStart: idmap ? Number(idmap[1]) : null, rootfs: "lxc" },
    adopted: true,
    network: address.network,
    mounts: [],
    ...(elsewhere ? { lxcPath: elsewhere } : {}),
  };
  return { def, note: address.note };
}

const refusePath = (lxcPath: string, why: string) =>
  new AgentError("invalid_input", `LXC path ${lxcPath} is refused: ${why}`, { field: "lxcPath" });

/**
 * Another LXC path than the agent's (undefined for the agent's own): an existing directory
 * named by its real path (no link to lead the check astray), neither in nor above the
 * agent's own directories. The schema already made it plain, absolute and normalized.
 */
async function otherLxcPath(ctx: LinuxContext, requested: string | undefined): Promise<string | undefined> {
  if (requested === undefined || requested === path.resolve(ctx.lxcPath)) return undefined;
  const hit = ctx.protectedPaths.find((dir) => isWithin(requested, dir) || isWithin(dir, requested));
  if (hit) throw refusePath(requested, `it is or holds ${hit}, which is Stockade's own`);
  const real = await realpath(requested).catch(() => null);
  if (real === null || !(await stat(real)).isDirectory()) throw refusePath(requested, "it is not an existing directory");
  if (real !== requested) throw refusePath(requested, `it leads to ${real}: give that path`);
  return requested;
}

/** Its state as lxc-ls reports it in its own LXC path (it is no jail yet). */
async function containerState(ctx: LinuxContext, lxcPath: string, name: string) {
  const entry = (await ctx.lxc.at(lxcPath).list()).find((e) => e.name === name);
  return { state: entry ? mapLxcState(entry.state) : "unknown", initPid: entry?.pid ?? null };
}

async function checkAdoptable(ctx: LinuxContext, name: string, lxcPath: string, elsewhere: boolean): Promise<void> {
  if (await ctx.store.get(name)) throw new AgentError("conflict", `${name} is already managed by Stockade`, { jail: name });
  if (!(await containerNames(ctx, lxcPath)).includes(name))
    throw new AgentError("not_found", `No container named ${name} in ${lxcPath}`, { jail: name });
  if (elsewhere && (await containerNames(ctx)).includes(name))
    throw new AgentError("conflict", `A container named ${name} is in Stockade's LXC path too: jail names are unique`, { jail: name });
}

export async function planAdopt(ctx: LinuxContext, name: string, requestedPath?: string): Promise<DriverPlan> {
  const elsewhere = await otherLxcPath(ctx, requestedPath);
  const lxcPath = elsewhere ?? ctx.lxcPath;
  await checkAdoptable(ctx, name, lxcPath, elsewhere !== undefined);
  const configBefore = await readJailConfig(lxcPath, name);
  if (configBefore === null) throw new AgentError("conflict", `${name} has no LXC config to adopt`, { jail: name });
  const jail = await containerState(ctx, lxcPath, name);
  const { def, note } = await definitionOf(ctx, name, configBefore, elsewhere);
  const configAfter = renderJailConfig(configBefore, def, ctx.config);
  const steps: LinuxStep[] = [{ type: "write-config" }, { type: "put-definition" }];
  const warnings = [
    `LXC path: ${lxcPath}${elsewhere ? " (not the agent's): it stays there, and every lxc-* command for it runs with -P " + lxcPath : " (the agent's own)"}.`,
    note,
    "Its rootfs is kept as it is; only the block below Stockade's marker is Stockade's.",
  ];
  if (def.security.privileged) warnings.push(`${name} is privileged (root in it is root on the host): it stays so, flagged high.`);
  if (jail.state === "running") warnings.push(`${name} runs: the new block takes effect when it is next started.`);
  return {
    shown: {
      kind: "adopt",
      jail: name,
      configPath: jailConfigPath(lxcPath, name),
      configBefore,
      configAfter,
      commands: shownCommands(steps),
      effects: [
        { field: "adopted", when: "now" },
        { field: "config", when: "next-start" },
      ],
      warnings,
    },
    revision: JSON.stringify({ state: jail.state, initPid: jail.initPid, def: { ...def, createdAt: 0 } }),
    execution: { kind: "adopt", name, after: def, configAfter, steps },
  };
}
