/**
 * The create form's address rules, checked as the user types: well-formed IPv4, inside a
 * pool, not the gateway, not taken by the host or a jail. Pure; the agent checks again.
 */
import ipaddr from "ipaddr.js";
import type { NetworkInfo } from "@/server/agent/protocol";

const DOTTED_QUAD = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function poolOf(address: ipaddr.IPv4, pools: NetworkInfo["pools"]) {
  return pools.find((pool) => {
    if (!ipaddr.isValidCIDR(pool.cidr)) return false;
    const [range, bits] = ipaddr.parseCIDR(pool.cidr);
    return range.kind() === "ipv4" && address.match(range, bits);
  });
}

/** Who holds an address already: a jail's name, "the host", or null when free. */
function holderOf(address: string, network: NetworkInfo): string | null {
  const jail = network.jailAddresses.find((entry) => entry.address === address)?.jail;
  if (jail) return `jail ${jail}`;
  for (const pool of network.pools) {
    const reserved = pool.used.find((entry) => entry.address === address);
    if (reserved) return `jail ${reserved.jail}`;
  }
  const onHost = network.interfaces.some((iface) => iface.jail === null && iface.addresses.some((a) => a.address === address));
  return onHost ? "the host" : null;
}

/** null when the address can be used; otherwise a sentence saying why not. Empty means "the next free one". */
export function addressProblem(input: string, network: NetworkInfo): string | null {
  const address = input.trim();
  if (address === "") return null;
  if (!DOTTED_QUAD.test(address)) return `${address} is not an IPv4 address (four numbers 0–255 separated by dots).`;
  const parsed = ipaddr.IPv4.parse(address);
  const pool = poolOf(parsed, network.pools);
  if (!pool) {
    const pools = network.pools.map((p) => p.cidr).join(", ");
    return pools ? `${address} is outside the address pool (${pools}).` : `${address} is outside every address pool.`;
  }
  const [range, bits] = ipaddr.parseCIDR(pool.cidr);
  const network0 = ipaddr.IPv4.networkAddressFromCIDR(`${range.toString()}/${bits}`).toString();
  const broadcast = ipaddr.IPv4.broadcastAddressFromCIDR(`${range.toString()}/${bits}`).toString();
  if (address === network0 || address === broadcast)
    return `${address} is the pool's ${address === network0 ? "network" : "broadcast"} address.`;
  if (pool.gateway === address) return `${address} is the pool's gateway.`;
  const holder = holderOf(address, network);
  return holder ? `${address} is taken by ${holder}.` : null;
}

/** The address the form suggests: the pool's next free one. */
export function suggestedAddress(network: NetworkInfo | undefined): string | null {
  return network?.pools.find((pool) => pool.nextFree !== null)?.nextFree ?? null;
}
