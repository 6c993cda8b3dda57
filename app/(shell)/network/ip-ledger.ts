/**
 * The IP ledger: every address on the host and in jails, the pools, and what is wrong with
 * them. Pure, so the rules are unit-tested and the page only draws.
 */
import ipaddr from "ipaddr.js";
import type { NetworkInfo } from "@/server/agent/protocol";

export type Family = "inet" | "inet6";
export type ProblemKind = "conflict" | "leftover";

export interface LedgerEntry {
  address: string;
  family: Family;
  /** From the driver, or (FreeBSD) from the host alias that carries a jail's address. */
  prefixLength: number | null;
  owner: { kind: "host" } | { kind: "jail"; jail: string };
  /** The interface it lives on: the host's own, or the host interface carrying a jail's alias (FreeBSD). */
  interface: string | null;
  problems: ProblemKind[];
}

export interface Problem {
  kind: ProblemKind;
  address: string | null;
  message: string;
}

export interface PoolSummary {
  cidr: string;
  interface: string;
  gateway: string | null;
  used: { address: string; jail: string; gone: boolean }[];
  freeCount: number;
  nextFree: string | null;
}

export interface IpLedger {
  entries: LedgerEntry[];
  pools: PoolSummary[];
  problems: Problem[];
}

/** One spelling per address, so "2001:db8:0::1" and "2001:db8::1" meet. */
export function normalize(address: string): string {
  return ipaddr.isValid(address) ? ipaddr.parse(address).toString() : address.toLowerCase();
}

function isFullLength(family: Family, prefixLength: number): boolean {
  return prefixLength === (family === "inet" ? 32 : 128);
}

function inAnyPool(address: string, pools: NetworkInfo["pools"]): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.parse(address);
  return pools.some((pool) => {
    if (!ipaddr.isValidCIDR(pool.cidr)) return false;
    const range = ipaddr.parseCIDR(pool.cidr);
    return parsed.kind() === range[0].kind() && parsed.match(range);
  });
}

function compareAddresses(a: LedgerEntry, b: LedgerEntry): number {
  if (a.family !== b.family) return a.family === "inet" ? -1 : 1;
  const x = ipaddr.isValid(a.address) ? ipaddr.parse(a.address).toByteArray() : [];
  const y = ipaddr.isValid(b.address) ? ipaddr.parse(b.address).toByteArray() : [];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const diff = (x[i] ?? 0) - (y[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return a.owner.kind === b.owner.kind ? 0 : a.owner.kind === "host" ? -1 : 1;
}

class LedgerBuilder {
  readonly entries: LedgerEntry[] = [];
  readonly problems: Problem[] = [];

  flag(kind: ProblemKind, address: string | null, message: string, match: (entry: LedgerEntry) => boolean = () => false) {
    this.problems.push({ kind, address, message });
    for (const entry of this.entries)
      if (entry.address === address && match(entry) && !entry.problems.includes(kind)) entry.problems.push(kind);
  }
}

/** Jails holding each address. */
function jailsByAddress(network: NetworkInfo): Map<string, string[]> {
  const byAddress = new Map<string, string[]>();
  for (const entry of network.jailAddresses) {
    const address = normalize(entry.address);
    const holders = byAddress.get(address) ?? [];
    if (!holders.includes(entry.jail)) holders.push(entry.jail);
    byAddress.set(address, holders);
  }
  return byAddress;
}

function addJailEntries(ledger: LedgerBuilder, network: NetworkInfo, byAddress: Map<string, string[]>) {
  for (const entry of network.jailAddresses) {
    ledger.entries.push({
      address: normalize(entry.address),
      family: entry.family,
      prefixLength: entry.prefixLength ?? null,
      owner: { kind: "jail", jail: entry.jail },
      interface: entry.interface ?? null,
      problems: [],
    });
  }
  for (const [address, jails] of byAddress) {
    if (jails.length > 1)
      ledger.flag("conflict", address, `${address} is assigned to more than one jail: ${jails.join(", ")}.`, () => true);
  }
}

/** FreeBSD carries a jail's address as a full-length alias on a host interface: that is the jail's, not a clash. */
function addHostEntries(ledger: LedgerBuilder, network: NetworkInfo, byAddress: Map<string, string[]>) {
  for (const iface of network.interfaces) {
    if (iface.jail !== null) continue;
    for (const { family, prefixLength, ...rest } of iface.addresses) {
      const address = normalize(rest.address);
      const holders = byAddress.get(address) ?? [];
      const alias = isFullLength(family, prefixLength);
      if (holders.length === 1 && alias) {
        for (const entry of ledger.entries) {
          if (entry.address !== address || entry.owner.kind !== "jail") continue;
          entry.interface ??= iface.name;
          entry.prefixLength ??= prefixLength;
        }
        continue;
      }
      ledger.entries.push({ address, family, prefixLength, owner: { kind: "host" }, interface: iface.name, problems: [] });
      if (holders.length > 0 && !alias) {
        ledger.flag("conflict", address, `${holders.join(", ")} uses ${address}, the host's own address on ${iface.name}.`, () => true);
      } else if (holders.length === 0 && alias && inAnyPool(address, network.pools)) {
        ledger.flag(
          "leftover",
          address,
          `${iface.name} still carries ${address}, which no jail uses.`,
          (entry) => entry.owner.kind === "host",
        );
      }
    }
  }
}

function addPoolsAndInterfaces(
  ledger: LedgerBuilder,
  network: NetworkInfo,
  byAddress: Map<string, string[]>,
  jails: Set<string>,
): PoolSummary[] {
  for (const iface of network.interfaces) {
    if (iface.jail !== null && !jails.has(iface.jail))
      ledger.flag("leftover", null, `Interface ${iface.name} belongs to jail ${iface.jail}, which no longer exists.`);
  }
  return network.pools.map((pool) => {
    const gateway = pool.gateway === null ? null : normalize(pool.gateway);
    const users = gateway === null ? [] : (byAddress.get(gateway) ?? []);
    if (gateway !== null && users.length > 0)
      ledger.flag("conflict", gateway, `${users.join(", ")} uses ${gateway}, the gateway of pool ${pool.cidr}.`, () => true);
    const used = pool.used.map((entry) => ({ address: normalize(entry.address), jail: entry.jail, gone: !jails.has(entry.jail) }));
    for (const entry of used) {
      if (entry.gone)
        ledger.flag(
          "leftover",
          entry.address,
          `Pool ${pool.cidr} still reserves ${entry.address} for jail ${entry.jail}, which no longer exists.`,
        );
    }
    return { cidr: pool.cidr, interface: pool.interface, gateway, used, freeCount: pool.freeCount, nextFree: pool.nextFree };
  });
}

/** `jailNames` are the jails that exist (and the caller may see), to tell leftovers from live entries. */
export function buildLedger(network: NetworkInfo, jailNames: readonly string[]): IpLedger {
  const ledger = new LedgerBuilder();
  const byAddress = jailsByAddress(network);
  addJailEntries(ledger, network, byAddress);
  addHostEntries(ledger, network, byAddress);
  const pools = addPoolsAndInterfaces(ledger, network, byAddress, new Set(jailNames));
  return { entries: ledger.entries.sort(compareAddresses), pools, problems: ledger.problems };
}
