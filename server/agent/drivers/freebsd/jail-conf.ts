import { z } from "zod";
import { META_PREFIX, sealConf } from "./conf-seal";
import { AgentError, jailLimitsSchema, jailNameSchema, tagSchema, templateNameSchema } from "../../protocol";

export type ConfValue = string | number | boolean | readonly string[];

/** What Stockade keeps about a jail that jail(8) has no parameter for, as one comment line. */
export const stockadeMetaSchema = z.object({
  template: templateNameSchema.nullable().default(null),
  autostart: z.boolean().default(false),
  tags: z.array(tagSchema).default([]),
  limits: jailLimitsSchema.default({}),
  /** The interface the jail's ip4.addr/ip6.addr aliases live on. */
  interface: z
    .string()
    .regex(/^[a-z][a-z0-9]{0,14}$/)
    .nullable()
    .default(null),
  /** The hash of the rest of the file as Stockade last wrote or accepted it (conf-seal.ts). */
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});
export type StockadeMeta = z.infer<typeof stockadeMetaSchema>;

export { META_PREFIX };

export interface JailConfSpec {
  name: string;
  path: string;
  hostname: string;
  /** Host interface for the aliases: jail(8) adds and removes "IFACE|ADDR/LEN" itself. */
  interface: string;
  ipv4: readonly string[];
  ipv6: readonly string[];
  /** Kernel and jail(8) parameters on top of the defaults, already allow-listed. */
  parameters: Readonly<Record<string, ConfValue>>;
  /** fstab(5) lines for jail(8)'s "mount" parameter (thin jails). */
  mounts: readonly string[];
  consoleLog: string;
  meta: StockadeMeta;
}

const PARAMETER_NAME = /^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*$/;

/** BastilleBSD's defaults: rc inside the jail, devfs with ruleset 4, no statfs leaks. */
export function defaultParameters(spec: Pick<JailConfSpec, "name" | "path" | "hostname" | "consoleLog">) {
  return {
    path: spec.path,
    "host.hostname": spec.hostname,
    "exec.start": "/bin/sh /etc/rc",
    "exec.stop": "/bin/sh /etc/rc.shutdown jail",
    "exec.clean": true,
    "exec.consolelog": spec.consoleLog,
    "mount.devfs": true,
    devfs_ruleset: 4,
    enforce_statfs: 2,
    securelevel: 2,
  } satisfies Record<string, ConfValue>;
}

const ESCAPES: Record<string, string> = { "\\": "\\\\", '"': '\\"', $: "\\$", "\n": "\\n", "\t": "\\t", "\r": "\\r" };

/**
 * Quotes a string for jail.conf(5): inside double quotes jail(8)'s lexer expands "$var"
 * and honours backslash escapes, so \ " $ and line breaks are escaped; ; { } are inert
 * inside quotes. Other control characters (NUL ends the C string) are refused.
 */
export function quoteConfString(value: string): string {
  const forbidden = [...value].some((ch) => {
    const code = ch.charCodeAt(0);
    return (code < 0x20 && !"\n\t\r".includes(ch)) || code === 0x7f;
  });
  if (forbidden) {
    throw new AgentError("invalid_input", "A jail.conf value may not contain control characters");
  }
  return `"${value.replace(/[\\"$\n\t\r]/g, (ch) => ESCAPES[ch] ?? ch)}"`;
}

function formatValue(value: string | number | boolean): string {
  if (typeof value === "number") {
    if (!Number.isInteger(value)) throw new AgentError("invalid_input", `Jail parameters take integers, not ${value}`);
    return String(value);
  }
  return quoteConfString(String(value));
}

/** One statement; booleans as jail.conf(5) writes them: bare "param;" or param = "false". */
export function formatStatement(name: string, value: ConfValue): string | null {
  if (!PARAMETER_NAME.test(name)) throw new AgentError("invalid_input", `"${name}" is not a jail parameter name`);
  if (value === true) return `${name};`;
  if (value === false) return `${name} = "false";`;
  if (Array.isArray(value)) return value.length === 0 ? null : `${name} = ${value.map(formatValue).join(", ")};`;
  return `${name} = ${formatValue(value as string | number)};`;
}

function addressList(spec: JailConfSpec, addresses: readonly string[], prefix: number): string[] {
  return addresses.map((address) => `${spec.interface}|${address}/${prefix}`);
}

/** Writes /etc/jail.conf.d/NAME.conf for one jail. */
export function renderJailConf(spec: JailConfSpec): string {
  const name = jailNameSchema.safeParse(spec.name);
  if (!name.success) throw new AgentError("invalid_input", `"${spec.name}" is not a valid jail name`);
  if (!/^[a-z][a-z0-9]{0,14}$/.test(spec.interface)) {
    throw new AgentError("invalid_input", `"${spec.interface}" is not an interface name`);
  }
  const merged: Record<string, ConfValue> = { ...defaultParameters(spec), ...spec.parameters };
  merged["ip4.addr"] = addressList(spec, spec.ipv4, 32);
  merged["ip6.addr"] = addressList(spec, spec.ipv6, 128);
  if (spec.mounts.length > 0) merged["mount"] = spec.mounts;
  const statements = Object.entries(merged).flatMap(([key, value]) => formatStatement(key, value) ?? []);
  const meta = JSON.stringify(stockadeMetaSchema.parse(spec.meta));
  const text = [
    "# Written by Stockade; changes made by hand are overwritten on the next change.",
    `${META_PREFIX} ${meta}`,
    `${spec.name} {`,
    ...statements.map((statement) => `    ${statement}`),
    "}",
    "",
  ].join("\n");
  return sealConf(text);
}
