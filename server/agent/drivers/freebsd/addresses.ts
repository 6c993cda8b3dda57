import { AgentError } from "../../protocol";
import { mustRun, type DriverContext } from "./context";
import type { JailRecord } from "./jails";
import { IFCONFIG_ARGV, parseIfconfig } from "./parse-ifconfig";
import { describePool, poolContains } from "./pool";

export interface AddressUsage {
  /** Address → the jail holding it (by its conf, jls, or a create in progress). */
  taken: Map<string, string>;
  /** The host's own addresses: what ifconfig shows, less the jails' aliases. */
  host: Set<string>;
}

/** Call inside AddressBook.exclusive with fresh records, so nothing changes before the reservation. */
export async function addressUsage(ctx: DriverContext, records: JailRecord[]): Promise<AddressUsage> {
  const taken = new Map(ctx.addresses.reservations);
  for (const record of records) {
    for (const address of record.jail.ipv4) taken.set(address, record.jail.name);
  }
  const interfaces = parseIfconfig((await mustRun(ctx, IFCONFIG_ARGV)).stdout);
  const host = new Set(interfaces.flatMap((i) => i.addresses.map((a) => a.address)).filter((a) => !taken.has(a)));
  return { taken, host };
}

/** Refuses an address outside the pool, the pool's gateway, the host's own, or another jail's. */
export function checkAddress(ctx: DriverContext, usage: AddressUsage, address: string, forJail: string): void {
  if (ctx.pool && !poolContains(ctx.pool.cidr, address)) {
    throw new AgentError("invalid_input", `${address} is outside the pool ${ctx.pool.cidr}`, { field: "ipv4", address });
  }
  if (address === ctx.pool?.gateway) {
    throw new AgentError("conflict", `${address} is the pool's gateway`, { field: "ipv4", address });
  }
  const holder = usage.taken.get(address);
  if (holder !== undefined && holder !== forJail) {
    throw new AgentError("conflict", `${address} is already used by ${holder}`, { field: "ipv4", address, jail: holder });
  }
  if (usage.host.has(address)) {
    throw new AgentError("conflict", `${address} is configured on the host itself`, { field: "ipv4", address });
  }
}

/** The requested address once checked, else the pool's next free one; none without a pool. */
export function chooseAddress(ctx: DriverContext, usage: AddressUsage, name: string, requested: string | undefined): string[] {
  if (requested) {
    checkAddress(ctx, usage, requested, name);
    return [requested];
  }
  if (!ctx.pool) return [];
  const used = [...usage.taken.keys()].map((address) => ({ address, jail: "" }));
  const next = describePool(ctx.pool, ctx.interface, used, [...usage.host]).nextFree;
  if (!next) throw new AgentError("conflict", `The pool ${ctx.pool.cidr} has no free address`);
  return [next];
}
