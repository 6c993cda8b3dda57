import ipaddr from "ipaddr.js";

export type TrustedProxies = readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];

function normalized(address: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (!ipaddr.isValid(address)) return null;
  const parsed = ipaddr.parse(address);
  return parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress() ? (parsed as ipaddr.IPv6).toIPv4Address() : parsed;
}

/** STOCKADE_TRUSTED_PROXIES: comma-separated addresses or CIDR ranges; throws naming a bad entry. */
export function parseTrustedProxies(value: string): TrustedProxies {
  return value
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      if (entry.includes("/")) {
        if (!ipaddr.isValidCIDR(entry)) throw new Error(`"${entry}" is not an address or CIDR range`);
        return ipaddr.parseCIDR(entry);
      }
      const address = normalized(entry);
      if (!address) throw new Error(`"${entry}" is not an address or CIDR range`);
      return [address, address.kind() === "ipv4" ? 32 : 128] as [ipaddr.IPv4 | ipaddr.IPv6, number];
    });
}

function isTrusted(address: string, proxies: TrustedProxies): boolean {
  const parsed = normalized(address);
  return parsed !== null && proxies.some(([range, bits]) => parsed.kind() === range.kind() && parsed.match(range, bits));
}

/**
 * The client's address for rate limiting: the TCP peer, unless the peer is a trusted proxy,
 * in which case X-Forwarded-For is read from the right, skipping trusted proxies, and the
 * first untrusted hop is the client. A client-sent header is never believed on its own.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, proxies: TrustedProxies): string {
  const remote = peer ?? "unknown";
  if (!forwardedFor || !isTrusted(remote, proxies)) return remote;
  const hops = [forwardedFor]
    .flat()
    .join(",")
    .split(",")
    .map((hop) => hop.trim())
    .filter(Boolean);
  for (let index = hops.length - 1; index >= 0; index--) {
    const hop = hops[index]!;
    if (!ipaddr.isValid(hop)) return remote;
    if (!isTrusted(hop, proxies)) return normalized(hop)!.toString();
  }
  return remote;
}
