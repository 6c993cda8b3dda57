import type { Jail, NetworkInfo, ProcessSnapshot, UsageReport } from "@/server/agent/protocol";
import { isAllowed, type Permission } from "@/server/auth/permissions";
import type { Caller } from "./init";

export interface Scoped {
  caller: Caller;
  hostId: string;
}

/**
 * Host processes only for those who may see them; everyone else sees their jails' subtrees (an
 * unmanaged container's processes are host processes, so its entry goes with them).
 */
export function scopeSnapshot(ctx: Scoped, snapshot: ProcessSnapshot, visible: Set<string>): ProcessSnapshot {
  if (allowedOnHost(ctx, "host.processes.view")) return snapshot;
  return {
    takenAt: snapshot.takenAt,
    processes: snapshot.processes.filter((process) => process.jail !== null && visible.has(process.jail)),
    jailAnchors: Object.fromEntries(Object.entries(snapshot.jailAnchors).filter(([jail]) => visible.has(jail))),
  };
}

/** The host's own usage only for those who may see host processes; everyone gets their jails'. */
export function scopeUsage(ctx: Scoped, report: UsageReport, visible: Set<string>) {
  const jails = report.jails.filter((usage) => usage.jail !== null && visible.has(usage.jail));
  if (allowedOnHost(ctx, "host.processes.view")) return { takenAt: report.takenAt, host: report.host, jails, hostVisible: true as const };
  return { takenAt: report.takenAt, host: null, jails, hostVisible: false as const };
}

export function scopeNetwork(ctx: Scoped, network: NetworkInfo, visible: Set<string>): NetworkInfo {
  if (allowedOnHost(ctx, "host.processes.view")) return network;
  return {
    interfaces: network.interfaces.filter((iface) => iface.jail !== null && visible.has(iface.jail)),
    pools: [],
    jailAddresses: network.jailAddresses.filter((entry) => visible.has(entry.jail)),
  };
}

export function allowedOnJail(ctx: Scoped, permission: Permission, jail: Pick<Jail, "name" | "tags">): boolean {
  return isAllowed(ctx.caller.grants, permission, { kind: "jail", hostId: ctx.hostId, jail: jail.name, tags: jail.tags });
}

export function allowedOnHost(ctx: Scoped, permission: Permission): boolean {
  return isAllowed(ctx.caller.grants, permission, { kind: "host", hostId: ctx.hostId });
}

/** The jails the caller may see. */
export function visibleJails<J extends Pick<Jail, "name" | "tags">>(ctx: Scoped, jails: J[]): J[] {
  return jails.filter((jail) => allowedOnJail(ctx, "jails.view", jail));
}
