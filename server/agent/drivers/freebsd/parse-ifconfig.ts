import { AgentError } from "../../protocol";

/**
 * FreeBSD ifconfig prints with printf, not libxo (sbin/ifconfig has no --libxo), so the
 * driver reads the standard `ifconfig -a` text.
 */
export const IFCONFIG_ARGV = ["ifconfig", "-a"];

export interface IfconfigAddress {
  family: "inet" | "inet6";
  address: string;
  prefixLength: number;
}

export interface IfconfigInterface {
  name: string;
  up: boolean;
  flags: string[];
  description: string | null;
  addresses: IfconfigAddress[];
}

function maskToPrefix(mask: string): number {
  const value = mask.startsWith("0x") ? Number.parseInt(mask, 16) : dottedToNumber(mask);
  let prefix = 0;
  for (let bit = 31; bit >= 0 && (value >>> bit) & 1; bit--) prefix++;
  return prefix;
}

function dottedToNumber(mask: string): number {
  return mask.split(".").reduce((acc, octet) => ((acc << 8) | Number(octet)) >>> 0, 0);
}

/** "inet 192.0.2.10 netmask 0xffffff00 …", "inet 192.0.2.10/24 …" (cidr format) or "inet6 fe80::1%lo0 prefixlen 64 …". */
function parseAddressLine(line: string): IfconfigAddress | null {
  const words = line.trim().split(/\s+/);
  const [family, rawAddress = ""] = words;
  if (family !== "inet" && family !== "inet6") return null;
  const [withoutPrefix = "", cidr] = rawAddress.split("/");
  // A link-local inet6 carries its scope ("%em0"): the interface already says it.
  const address = withoutPrefix.split("%")[0] ?? "";
  const option = (name: string) => {
    const index = words.indexOf(name);
    return index >= 0 ? words[index + 1] : undefined;
  };
  const netmask = option("netmask");
  const prefixlen = option("prefixlen");
  const fallback = family === "inet" ? 32 : 128;
  const prefixLength =
    cidr !== undefined ? Number(cidr) : family === "inet" && netmask ? maskToPrefix(netmask) : Number(prefixlen ?? fallback);
  return { family, address, prefixLength };
}

function parseHeader(line: string): IfconfigInterface {
  const match = /^([A-Za-z0-9_.-]+): flags=[0-9a-f]+<([^>]*)>/.exec(line);
  if (!match) throw new AgentError("engine_failed", `ifconfig printed an unreadable interface line "${line}"`);
  const flags = (match[2] ?? "").split(",").filter(Boolean);
  return { name: match[1] ?? "", up: flags.includes("UP"), flags, description: null, addresses: [] };
}

/** Parses `ifconfig -a`: one unindented header per interface, tab-indented detail lines. */
export function parseIfconfig(stdout: string): IfconfigInterface[] {
  const interfaces: IfconfigInterface[] = [];
  for (const line of stdout.split("\n")) {
    if (line.trim() === "") continue;
    if (!/^\s/.test(line)) {
      interfaces.push(parseHeader(line));
      continue;
    }
    const current = interfaces.at(-1);
    if (!current) throw new AgentError("engine_failed", "ifconfig printed details before any interface");
    const description = /^\s+description: (.*)$/.exec(line);
    if (description) current.description = description[1] ?? null;
    const address = parseAddressLine(line);
    if (address) current.addresses.push(address);
  }
  return interfaces;
}
