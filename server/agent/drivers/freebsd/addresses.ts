import { AgentError } from "../../protocol";
import { allocate, checkRequested, type PoolUsage } from "../shared/ip-pool";
import type { DriverContext } from "./context";
import type { JailRecord } from "./jails";
import { IFCONFIG_ARGV, parseIfconfig } from "./parse-ifconfig";

/**
 * Call inside AddressBook.exclusive with fresh records, so nothing changes before the reservation.
 * Used: address → the jail holding it (by its conf, jls, or a create in progress); host: what
 * ifconfig shows, less the jails' aliases.
 */
export async function addressUsage(ctx: DriverContext, records: JailRecord[]): Promise<PoolUsage> {
  const used = new Map(ctx.addresses.reservations);
  for (const record of records) {
    for (const address of record.jail.ipv4) used.set(address, record.jail.name);
  }
  const interfaces = parseIfconfig((await ctx.runner.run(IFCONFIG_ARGV)).stdout);
  const hostAddresses = new Set(interfaces.flatMap((i) => i.addresses.map((a) => a.address)).filter((a) => !used.has(a)));
  return { used, hostAddresses };
}

/** Refuses an address outside the pool, the pool's gateway, the host's own, or another jail's. */
export function checkAddress(ctx: DriverContext, usage: PoolUsage, address: string, forJail: string): void {
  if (ctx.pool) {
    checkRequested(ctx.pool, usage, address, forJail);
    return;
  }
  const holder = usage.used.get(address);
  if (holder !== undefined && holder !== forJail) {
    throw new AgentError("conflict", `Address ${address} is already used by jail ${holder}`, { field: "ipv4", address, jail: holder });
  }
  if (usage.hostAddresses.has(address)) {
    throw new AgentError("conflict", `Address ${address} is configured on the host itself`, { field: "ipv4", address });
  }
}

/** The requested address once checked, else the pool's next free one; none without a pool. */
export function chooseAddress(ctx: DriverContext, usage: PoolUsage, name: string, requested: string | undefined): string[] {
  if (requested) {
    checkAddress(ctx, usage, requested, name);
    return [requested];
  }
  return ctx.pool ? [allocate(ctx.pool, usage, name)] : [];
}
