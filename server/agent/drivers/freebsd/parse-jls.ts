import { z } from "zod";
import { AgentError } from "../../protocol";
import { parseLibxoJson } from "./libxo";
import type { RunResult } from "../shared/runner";

export type JlsValue = string | boolean | string[];

/** One jail as `jls -d -n --libxo json` reports it. */
export interface JlsJail {
  jid: number;
  name: string;
  path: string;
  hostname: string;
  ipv4: string[];
  ipv6: string[];
  dying: boolean;
  /** Every parameter jls printed, unknown ones included, "=" garbage cleared to "". */
  params: Record<string, JlsValue>;
}

export const JLS_ARGV = ["jls", "-d", "-n", "--libxo", "json"];
export const JLS_VERBOSE_ARGV = ["jls", "-v", "--libxo", "json"];

const jlsDocumentSchema = z.object({
  "jail-information": z.object({ jail: z.array(z.record(z.string(), z.unknown())).default([]) }),
});

/** jls prints "=" for an empty string parameter (seen with host.domainname). */
const EMPTY_PARAMETER_GARBAGE = "=";

/** Address lists arrive as strings, or as {ipv4_addr: …} instances depending on libxo. */
function addressList(value: unknown): string[] {
  const items = Array.isArray(value) ? value : typeof value === "string" && value !== "" ? value.split(",") : [];
  return items.flatMap((item): string[] => {
    if (typeof item === "string") return item === "" || item === EMPTY_PARAMETER_GARBAGE ? [] : [item];
    if (item && typeof item === "object") return Object.values(item).filter((v): v is string => typeof v === "string");
    return [];
  });
}

function normaliseValue(key: string, value: unknown): JlsValue {
  if (key === "ip4.addr" || key === "ip6.addr") return addressList(value);
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return value === EMPTY_PARAMETER_GARBAGE ? "" : value;
  if (Array.isArray(value)) return value.map(String);
  return JSON.stringify(value ?? null);
}

function requireString(params: Record<string, JlsValue>, key: string): string {
  const value = params[key];
  if (typeof value !== "string") throw new AgentError("engine_failed", `jls printed a jail without "${key}"`);
  return value;
}

function toJail(raw: Record<string, unknown>): JlsJail {
  const params: Record<string, JlsValue> = {};
  for (const [key, value] of Object.entries(raw)) params[key] = normaliseValue(key, value);
  const jid = Number(requireString(params, "jid"));
  if (!Number.isInteger(jid)) throw new AgentError("engine_failed", `jls printed a non-numeric jid`);
  const ipv4 = params["ip4.addr"];
  const ipv6 = params["ip6.addr"];
  const hostname = params["host.hostname"];
  return {
    jid,
    name: requireString(params, "name"),
    path: requireString(params, "path"),
    hostname: typeof hostname === "string" ? hostname : "",
    // Never from "ip4": it reads "disable" for a jail restricted to its ip4.addr list.
    ipv4: Array.isArray(ipv4) ? ipv4 : [],
    ipv6: Array.isArray(ipv6) ? ipv6 : [],
    dying: params["dying"] === true || params["dying"] === "true",
    params,
  };
}

/** Parses `jls -d -n --libxo json`. */
export function parseJlsParameters(stdout: string): JlsJail[] {
  const document = jlsDocumentSchema.safeParse(parseLibxoJson(stdout, "jls"));
  if (!document.success) throw new AgentError("engine_failed", "jls printed JSON of an unexpected shape");
  return document.data["jail-information"].jail.map(toJail);
}

/** Turns a failed jls into the error the caller should see. */
export function jlsFailure(result: RunResult): AgentError {
  const message = result.stderr.trim() || `jls exited with ${result.exitCode}`;
  const unknown = /unknown parameter:?\s*(\S+)?/i.exec(message);
  if (unknown) {
    return new AgentError("invalid_input", `This kernel has no jail parameter ${unknown[1] ?? ""}`.trim(), {
      stderr: message,
    });
  }
  return new AgentError("engine_failed", `jls failed: ${message}`, { exitCode: result.exitCode, stderr: message });
}

export interface JlsVerboseJail {
  jid: number;
  name: string;
  hostname: string;
  path: string;
  state: "ACTIVE" | "DYING";
  cpusetid: number;
  ipv4: string[];
  ipv6: string[];
}

const verboseJailSchema = z.object({
  jid: z.coerce.number().int(),
  hostname: z.string().default(""),
  path: z.string(),
  name: z.string(),
  state: z.enum(["ACTIVE", "DYING"]),
  cpusetid: z.coerce.number().int(),
  ipv4_addrs: z.unknown().optional(),
  ipv6_addrs: z.unknown().optional(),
});

/** Parses `jls -v --libxo json` (numeric jid and cpusetid, address lists by family). */
export function parseJlsVerbose(stdout: string): JlsVerboseJail[] {
  const document = jlsDocumentSchema.safeParse(parseLibxoJson(stdout, "jls -v"));
  if (!document.success) throw new AgentError("engine_failed", "jls -v printed JSON of an unexpected shape");
  return document.data["jail-information"].jail.map((raw) => {
    const jail = verboseJailSchema.parse(raw);
    return {
      jid: jail.jid,
      name: jail.name,
      hostname: jail.hostname,
      path: jail.path,
      state: jail.state,
      cpusetid: jail.cpusetid,
      ipv4: addressList(jail.ipv4_addrs),
      ipv6: addressList(jail.ipv6_addrs),
    };
  });
}
