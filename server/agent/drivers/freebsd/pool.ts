import { AgentError, type AddressPool } from "../../protocol";
import type { AddressPoolConfig } from "./context";

function toNumber(address: string): number {
  const octets = address.split(".").map(Number);
  if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255)) {
    throw new AgentError("invalid_input", `"${address}" is not an IPv4 address`);
  }
  return octets.reduce((acc, octet) => acc * 256 + octet, 0);
}

function toAddress(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

/** The usable host range of an IPv4 CIDR (network and broadcast excluded below /31). */
export function poolRange(cidr: string): { first: number; last: number } {
  const [base = "", lengthText = ""] = cidr.split("/");
  const length = Number(lengthText);
  if (!Number.isInteger(length) || length < 8 || length > 32) {
    throw new AgentError("invalid_input", `"${cidr}" is not an IPv4 pool between /8 and /32`);
  }
  const size = 2 ** (32 - length);
  const network = Math.floor(toNumber(base) / size) * size;
  return size <= 2 ? { first: network, last: network + size - 1 } : { first: network + 1, last: network + size - 2 };
}

export function poolContains(cidr: string, address: string): boolean {
  const { first, last } = poolRange(cidr);
  const value = toNumber(address);
  return value >= first && value <= last;
}

/** Pool usage: jails' addresses are used, host addresses and the gateway are never offered. */
export function describePool(
  pool: AddressPoolConfig,
  iface: string,
  used: Array<{ address: string; jail: string }>,
  hostAddresses: string[],
): AddressPool {
  const { first, last } = poolRange(pool.cidr);
  const taken = new Set([...used.map((u) => u.address), ...hostAddresses, ...(pool.gateway ? [pool.gateway] : [])]);
  let freeCount = 0;
  let nextFree: string | null = null;
  for (let value = first; value <= last; value++) {
    const address = toAddress(value);
    if (taken.has(address)) continue;
    freeCount++;
    nextFree ??= address;
  }
  return {
    cidr: pool.cidr,
    gateway: pool.gateway ?? null,
    interface: iface,
    used: used.filter((u) => poolContains(pool.cidr, u.address)),
    freeCount,
    nextFree,
  };
}
