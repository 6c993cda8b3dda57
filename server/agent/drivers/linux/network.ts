import { readFile } from "node:fs/promises";
import { networkInterfaces } from "node:os";
import path from "node:path";
import { z } from "zod";
import type { NetworkInterface } from "../../protocol";
import type { Pool } from "../shared/ip-pool";
import type { Runner } from "../shared/runner";

const ipAddrSchema = z.array(
  z.object({
    ifname: z.string(),
    flags: z.array(z.string()).default([]),
    addr_info: z.array(z.object({ family: z.string(), local: z.string().optional(), prefixlen: z.number().optional() })).default([]),
  }),
);

export type InterfaceListing = Omit<NetworkInterface, "jail">;

export async function listInterfaces(runner: Runner): Promise<InterfaceListing[]> {
  const { stdout } = await runner.run(["ip", "-j", "addr", "show"]);
  return ipAddrSchema.parse(JSON.parse(stdout)).map((link) => ({
    name: link.ifname,
    up: link.flags.includes("UP"),
    addresses: link.addr_info
      .filter((a) => (a.family === "inet" || a.family === "inet6") && a.local)
      .map((a) => ({ family: a.family as "inet" | "inet6", address: a.local!, prefixLength: a.prefixlen ?? 0 })),
  }));
}

export async function hostIpv4Addresses(runner: Runner): Promise<Set<string>> {
  const interfaces = await listInterfaces(runner);
  return new Set(interfaces.flatMap((i) => i.addresses.filter((a) => a.family === "inet").map((a) => a.address)));
}

const IFF_UP = 0x1;

/**
 * Up with the pool's gateway address, read from the kernel (sysfs, the process's interface
 * list) so that a start, which asks every time, runs no command when nothing is to be done.
 */
export async function bridgeReady(bridge: string, pool: Pool): Promise<boolean> {
  const flags = await readFile(path.join("/sys/class/net", bridge, "flags"), "utf8").catch(() => null);
  if (flags === null || (Number.parseInt(flags, 16) & IFF_UP) === 0) return false;
  const gateway = `${pool.gateway}/${pool.prefixLength}`;
  return (networkInterfaces()[bridge] ?? []).some((a) => a.family === "IPv4" && a.cidr === gateway);
}

/** The agent owns its bridge: created with the pool's gateway address if missing, brought up. */
export async function ensureBridge(runner: Runner, bridge: string, pool: Pool): Promise<void> {
  if (await bridgeReady(bridge, pool)) return;
  const existing = await runner.run(["ip", "-j", "addr", "show", "dev", bridge], { allowFailure: true });
  if (existing.exitCode !== 0) await runner.run(["ip", "link", "add", bridge, "type", "bridge"]);
  const current = existing.exitCode === 0 ? ipAddrSchema.parse(JSON.parse(existing.stdout)) : [];
  const hasGateway = current.some((l) => l.addr_info.some((a) => a.local === pool.gateway && a.prefixlen === pool.prefixLength));
  if (!hasGateway) await runner.run(["ip", "addr", "add", `${pool.gateway}/${pool.prefixLength}`, "dev", bridge]);
  await runner.run(["ip", "link", "set", bridge, "up"]);
}

/**
 * Moves a running jail to a new address from inside its network namespace, with the host's ip.
 * Flush first: deleting a subnet's primary address would also delete the new secondary one.
 */
export function addressLiveArgvs(initPid: number, to: string, pool: Pool): string[][] {
  const inJailNet = ["nsenter", "--target", String(initPid), "--net", "--", "ip"];
  return [
    [...inJailNet, "addr", "flush", "dev", "eth0", "scope", "global"],
    [...inJailNet, "addr", "add", `${to}/${pool.prefixLength}`, "dev", "eth0"],
    [...inJailNet, "route", "replace", "default", "via", pool.gateway, "dev", "eth0"],
  ];
}

export const hostnameLiveArgv = (initPid: number, hostname: string): string[] => [
  "nsenter",
  "--target",
  String(initPid),
  "--uts",
  "--",
  "hostname",
  hostname,
];
