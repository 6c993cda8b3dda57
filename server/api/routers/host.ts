import * as agent from "@/server/agent-client/methods";
import type { NetworkInfo, ProcessSnapshot, UsageReport } from "@/server/agent/protocol";
import { anywhereScope, requirePermission, router, type Viewer } from "../init";
import { allowedOnHost, visibleJails } from "../scope";

interface Scoped {
  viewer: Viewer;
  hostId: string;
}

/** Host processes only for those who may see them; everyone else sees their jails' subtrees. */
export function scopeSnapshot(ctx: Scoped, snapshot: ProcessSnapshot, visible: Set<string>): ProcessSnapshot {
  if (allowedOnHost(ctx, "host.processes.view")) return snapshot;
  return {
    takenAt: snapshot.takenAt,
    processes: snapshot.processes.filter((process) => process.jail !== null && visible.has(process.jail)),
    jailAnchors: Object.fromEntries(Object.entries(snapshot.jailAnchors).filter(([jail]) => visible.has(jail))),
  };
}

export function scopeUsage(ctx: Scoped, report: UsageReport, visible: Set<string>): UsageReport & { hostVisible: boolean } {
  const hostVisible = allowedOnHost(ctx, "host.processes.view");
  return { ...report, hostVisible, jails: report.jails.filter((usage) => usage.jail !== null && visible.has(usage.jail)) };
}

export function scopeNetwork(ctx: Scoped, network: NetworkInfo, visible: Set<string>): NetworkInfo {
  if (allowedOnHost(ctx, "host.processes.view")) return network;
  return {
    interfaces: network.interfaces.filter((iface) => iface.jail !== null && visible.has(iface.jail)),
    pools: [],
    jailAddresses: network.jailAddresses.filter((entry) => visible.has(entry.jail)),
  };
}

async function visibleNames(ctx: Scoped & { agent: Parameters<typeof agent.fetchJails>[0] }): Promise<Set<string>> {
  return new Set(visibleJails(ctx, await agent.fetchJails(ctx.agent)).map((jail) => jail.name));
}

export const hostRouter = router({
  info: requirePermission("jails.view", anywhereScope).query(({ ctx }) => agent.fetchHostInfo(ctx.agent)),

  processes: requirePermission("jails.view", anywhereScope).query(async ({ ctx }) => {
    const [snapshot, visible] = await Promise.all([agent.fetchProcessSnapshot(ctx.agent), visibleNames(ctx)]);
    return scopeSnapshot(ctx, snapshot, visible);
  }),

  usage: requirePermission("jails.view", anywhereScope).query(async ({ ctx }) => {
    const [report, visible] = await Promise.all([agent.fetchUsageReport(ctx.agent), visibleNames(ctx)]);
    return scopeUsage(ctx, report, visible);
  }),

  network: requirePermission("jails.view", anywhereScope).query(async ({ ctx }) => {
    const [network, visible] = await Promise.all([agent.fetchNetworkInfo(ctx.agent), visibleNames(ctx)]);
    return scopeNetwork(ctx, network, visible);
  }),
});
