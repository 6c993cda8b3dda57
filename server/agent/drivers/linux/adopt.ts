/**
 * Adopting a container Stockade did not create (made with plain lxc-create in the agent's LXC
 * path): its definition is read from its config, and the plan shows the config with
 * Stockade's managed block (hostname, network, limits, containment) under the lines its maker
 * wrote. Its rootfs is left as it is. Until this plan is applied Stockade changes nothing of it.
 */
import { AgentError, hostnameSchema, type JailLimits } from "../../protocol";
import type { DriverPlan } from "../driver";
import { allocate, checkRequested, inPool } from "../shared/ip-pool";
import { containmentFacts } from "./contain/posture-facts";
import type { LinuxContext } from "./context";
import { containerNames, getJail, poolUsage } from "./jails";
import { jailConfigPath, readJailConfig, renderJailConfig, vethPairName } from "./lxc-config";
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

async function definitionOf(ctx: LinuxContext, name: string, config: string) {
  const facts = containmentFacts(config);
  const idmap = /^\s*lxc\.idmap\s*=\s*u\s+0\s+(\d+)\s+65536\s*$/m.exec(config);
  const address = await addressOf(ctx, name, config);
  const def: JailDefinition = {
    name,
    template: "adopted",
    hostname: hostnameSchema.safeParse(configValue(config, "lxc.uts.name")).data ?? hostnameFor(name),
    ipv4: address.ipv4,
    vethPair: vethPairName(ctx.lxcPath, name),
    limits: limitsOf(config),
    parameters: {},
    autostart: false,
    tags: [],
    createdAt: Date.now(),
    security: { privileged: facts.privileged, idRangeStart: idmap ? Number(idmap[1]) : null, rootfs: "lxc" },
    adopted: true,
    network: address.network,
    mounts: [],
  };
  return { def, note: address.note };
}

export async function planAdopt(ctx: LinuxContext, name: string): Promise<DriverPlan> {
  if (await ctx.store.get(name)) throw new AgentError("conflict", `${name} is already managed by Stockade`, { jail: name });
  if (!(await containerNames(ctx)).includes(name))
    throw new AgentError("not_found", `No container named ${name} in ${ctx.lxcPath}`, { jail: name });
  const configBefore = await readJailConfig(ctx.lxcPath, name);
  if (configBefore === null) throw new AgentError("conflict", `${name} has no LXC config to adopt`, { jail: name });
  const jail = await getJail(ctx, name);
  const { def, note } = await definitionOf(ctx, name, configBefore);
  const configAfter = renderJailConfig(configBefore, def, ctx.config);
  const steps: LinuxStep[] = [{ type: "write-config" }, { type: "put-definition" }];
  const warnings = [note, "Its rootfs is kept as it is; only the block below Stockade's marker is Stockade's."];
  if (def.security.privileged) warnings.push(`${name} is privileged (root in it is root on the host): it stays so, flagged high.`);
  if (jail.state === "running") warnings.push(`${name} runs: the new block takes effect when it is next started.`);
  return {
    shown: {
      kind: "adopt",
      jail: name,
      configPath: jailConfigPath(ctx.lxcPath, name),
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
