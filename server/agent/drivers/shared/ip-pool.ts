import ipaddr from "ipaddr.js";
import { AgentError, type AddressPool } from "../../protocol";

export interface Pool {
  cidr: string;
  prefixLength: number;
  /** The jails' gateway: on Linux the first address, the bridge's own. */
  gateway: string;
  network: number;
  broadcast: number;
}

const toInt = (address: string): number => {
  const bytes = ipaddr.IPv4.parse(address).toByteArray();
  return ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
};

const toAddress = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");

/** Any IPv4 network, its usable range and gateway (the first address unless one is given). */
export function describeNetwork(cidr: string, gateway?: string | null): Pool {
  if (!ipaddr.IPv4.isValidCIDR(cidr)) throw new Error(`"${cidr}" is not an IPv4 CIDR like 10.213.0.0/24`);
  const [address, prefixLength] = ipaddr.IPv4.parseCIDR(cidr);
  const mask = prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
  const network = (toInt(address.toString()) & mask) >>> 0;
  const broadcast = (network | (~mask >>> 0)) >>> 0;
  return { cidr: `${toAddress(network)}/${prefixLength}`, prefixLength, gateway: gateway ?? toAddress(network + 1), network, broadcast };
}

/** The agent's own pools are private IPv4 networks between /16 and /29 so a scan for a free address stays cheap. */
export function parsePool(cidr: string): Pool {
  const pool = describeNetwork(cidr);
  if (pool.prefixLength < 16 || pool.prefixLength > 29) throw new Error(`pool ${cidr} must be between /16 and /29`);
  if (ipaddr.IPv4.parse(toAddress(pool.network)).range() !== "private") {
    throw new Error(`pool ${cidr} must be a private range (10/8, 172.16/12, 192.168/16)`);
  }
  return pool;
}

/** The pool's broadcast address as text: LXC needs it spelt out (left alone it sets brd 0.0.0.255). */
export function broadcastAddress(pool: Pool): string {
  return toAddress(pool.broadcast);
}

export interface PoolUsage {
  /** Addresses jails hold, each with its jail. */
  used: ReadonlyMap<string, string>;
  /** Every address configured on the host, on any interface. */
  hostAddresses: ReadonlySet<string>;
}

export function inPool(pool: Pool, address: string): boolean {
  if (!ipaddr.IPv4.isValidFourPartDecimal(address)) return false;
  const n = toInt(address);
  return n > pool.network && n < pool.broadcast;
}

/** Throws the reason an address cannot go to a new jail, or returns it normalized. */
export function checkRequested(pool: Pool, usage: PoolUsage, address: string, forJail: string): string {
  if (!inPool(pool, address)) {
    throw new AgentError(
      "invalid_input",
      `Address ${address} is outside the pool ${pool.cidr} (usable: ${toAddress(pool.network + 2)}–${toAddress(pool.broadcast - 1)})`,
      {
        field: "ipv4",
        address,
        pool: pool.cidr,
      },
    );
  }
  const normalized = toAddress(toInt(address));
  if (normalized === pool.gateway) {
    throw new AgentError("conflict", `Address ${normalized} is the pool's gateway (the bridge's own address)`, {
      field: "ipv4",
      address: normalized,
    });
  }
  const holder = usage.used.get(normalized);
  if (holder !== undefined && holder !== forJail) {
    throw new AgentError("conflict", `Address ${normalized} is already used by jail ${holder}`, {
      field: "ipv4",
      address: normalized,
      jail: holder,
    });
  }
  if (usage.hostAddresses.has(normalized)) {
    throw new AgentError("conflict", `Address ${normalized} is configured on the host itself`, { field: "ipv4", address: normalized });
  }
  return normalized;
}

function isFree(pool: Pool, usage: PoolUsage, n: number): boolean {
  const address = toAddress(n);
  return address !== pool.gateway && !usage.used.has(address) && !usage.hostAddresses.has(address);
}

export function nextFree(pool: Pool, usage: PoolUsage): string | null {
  for (let n = pool.network + 1; n < pool.broadcast; n++) {
    if (isFree(pool, usage, n)) return toAddress(n);
  }
  return null;
}

export function freeCount(pool: Pool, usage: PoolUsage): number {
  let count = 0;
  for (let n = pool.network + 1; n < pool.broadcast; n++) if (isFree(pool, usage, n)) count++;
  return count;
}

export function allocate(pool: Pool, usage: PoolUsage, forJail: string, requested?: string): string {
  if (requested !== undefined) return checkRequested(pool, usage, requested, forJail);
  const address = nextFree(pool, usage);
  if (address === null) throw new AgentError("conflict", `The pool ${pool.cidr} has no free address left`, { pool: pool.cidr });
  return address;
}

/** What network() reports for a pool: who holds which address, and what is left. */
export function describePool(pool: Pool, iface: string, usage: PoolUsage): AddressPool {
  return {
    cidr: pool.cidr,
    gateway: pool.gateway,
    interface: iface,
    used: [...usage.used].filter(([address]) => inPool(pool, address)).map(([address, jail]) => ({ address, jail })),
    freeCount: freeCount(pool, usage),
    nextFree: nextFree(pool, usage),
  };
}
