/**
 * Security posture of jail parameters — FreeBSD's jail(8) parameters, and the containment
 * facts the Linux driver reads from each LXC config (privileged, nesting, …) — shared by the
 * agent (to refuse) and the web (to warn). Pure: no Node imports, so client code can import it.
 */
import { z } from "zod";

export type Severity = "high" | "medium" | "low";
export type PostureValue = string | number | boolean | readonly string[];

export interface PostureFinding {
  parameter: string;
  value: PostureValue;
  severity: Severity;
  reason: string;
}

interface Risk {
  parameter: string | RegExp;
  /** The severity for this value, or null when the value is safe. */
  assess(value: PostureValue): Severity | null;
  reason: string;
}

const isOn = (value: PostureValue) => value === true || value === "true" || value === 1 || value === "1";
const asNumber = (value: PostureValue) => (typeof value === "number" ? value : Number(value));
const when = (severity: Severity) => (value: PostureValue) => (isOn(value) ? severity : null);

const isListed = (value: PostureValue) => (typeof value === "string" ? value.trim() !== "" : Array.isArray(value) && value.length > 0);

/** Facts about Linux (LXC) jails, as the Linux driver reports them among the parameters. */
const LINUX_RISKS: Risk[] = [
  {
    parameter: "privileged",
    assess: when("high"),
    reason:
      "No user namespace: root in the jail is root on the host, so any kernel or LXC escape (or a missed device rule) is a host compromise. Asked for at create; migrate it to unprivileged when its workload allows.",
  },
  {
    parameter: "nesting",
    assess: when("high"),
    reason: "The jail may run nested containers: /proc, /sys or the cgroup tree are writable and more of the kernel is reachable.",
  },
  {
    parameter: "capabilities.kept",
    assess: (v) => (isListed(v) ? "high" : null),
    reason: "The jail keeps capabilities every other jail drops (modules, raw I/O, the clock, reboot, MAC policy).",
  },
  {
    parameter: "mounts.host",
    assess: (v) => (isListed(v) ? (String(v).includes("(rw)") ? "high" : "medium") : null),
    reason: "Host paths are mounted into the jail; read-write ones let it change host files.",
  },
  {
    parameter: "namespaces.shared",
    assess: (v) => (isListed(v) ? "high" : null),
    reason: "The jail shares host namespaces (network, pids, IPC…) and sees or touches what the host does there.",
  },
  {
    parameter: "seccomp",
    assess: (v) => (v === false || v === "false" ? "high" : null),
    reason: "No seccomp filter: module loading, kexec and open_by_handle_at are only as safe as the capabilities left.",
  },
];

const RISKS: Risk[] = [
  ...LINUX_RISKS,
  {
    parameter: "allow.sysvipc",
    assess: when("high"),
    reason: "The jail shares the host's SysV IPC and can read other jails' and the host's shared memory.",
  },
  {
    parameter: /^sysv(msg|sem|shm)$/,
    assess: (v) => (v === "inherit" ? "high" : null),
    reason: 'Inheriting a SysV namespace exposes the host\'s IPC objects; use "new".',
  },
  {
    parameter: "devfs_ruleset",
    assess: (v) => (asNumber(v) === 0 ? "high" : null),
    reason: "Ruleset 0 with devfs mounted exposes every host device, disks included; use 4 (5 for vnet).",
  },
  {
    parameter: "enforce_statfs",
    assess: (v) => (asNumber(v) === 0 ? "high" : asNumber(v) === 1 ? "medium" : null),
    reason: "Below 2 the jail sees mount points outside its root and may mount.",
  },
  { parameter: "allow.mount", assess: when("high"), reason: "Jailed root may mount file systems, which can expose host data." },
  { parameter: /^allow\.mount\./, assess: when("medium"), reason: "Jailed root may mount this file system type." },
  {
    parameter: "allow.raw_sockets",
    assess: when("medium"),
    reason: "Raw sockets allow spoofed packets and sniffing-style tools on shared interfaces.",
  },
  {
    parameter: /^ip[46]$/,
    assess: (v) => (v === "inherit" ? "high" : null),
    reason: "The jail binds every host address instead of its own.",
  },
  {
    parameter: "allow.chflags",
    assess: when("medium"),
    reason: "Jailed root may clear system file flags, undoing what securelevel protects.",
  },
  { parameter: "allow.set_hostname", assess: when("low"), reason: "Jailed root may rename the jail, confusing logs and monitoring." },
  { parameter: "allow.socket_af", assess: when("medium"), reason: "Every socket family is usable, a larger kernel attack surface." },
  { parameter: "allow.mlock", assess: when("low"), reason: "The jail may lock memory and pressure the host's pager." },
  { parameter: "allow.quotas", assess: when("low"), reason: "Jailed root may change quotas on shared file systems." },
  { parameter: "allow.read_msgbuf", assess: when("medium"), reason: "The kernel message buffer reveals host activity." },
  { parameter: "allow.vmm", assess: when("high"), reason: "The jail may drive bhyve's vmm(4), a large kernel attack surface." },
  {
    parameter: "children.max",
    assess: (v) => (asNumber(v) > 0 ? "medium" : null),
    reason: "The jail may create nested jails that Stockade does not manage.",
  },
  {
    parameter: "securelevel",
    assess: (v) => (asNumber(v) < 1 ? "medium" : asNumber(v) < 2 ? "low" : null),
    reason: "Below 2 jailed root may change immutable files and more.",
  },
];

/** Parameters run or resolved on the host as root: only an admin may set them. */
export const HOST_SIDE_PARAMETERS = [
  "exec.prestart",
  "exec.poststart",
  "exec.prestop",
  "exec.poststop",
  "mount",
  "mount.fstab",
  "path",
  "interface",
  "vnet.interface",
] as const;

export function isHostSideParameter(name: string): boolean {
  return (HOST_SIDE_PARAMETERS as readonly string[]).includes(name);
}

/** Findings for one jail's parameters, worst first. */
export function assessPosture(parameters: Readonly<Record<string, PostureValue>>): PostureFinding[] {
  const findings: PostureFinding[] = [];
  for (const [parameter, value] of Object.entries(parameters)) {
    if (isHostSideParameter(parameter) && parameter !== "path" && parameter !== "interface") {
      findings.push({ parameter, value, severity: "high", reason: "Runs or mounts on the host as root." });
      continue;
    }
    if (parameter === "path" && value === "/") {
      findings.push({ parameter, value, severity: "high", reason: "The jail's root is the whole host." });
      continue;
    }
    const risk = RISKS.find((r) => (typeof r.parameter === "string" ? r.parameter === parameter : r.parameter.test(parameter)));
    const severity = risk?.assess(value) ?? null;
    if (risk && severity) findings.push({ parameter, value, severity, reason: risk.reason });
  }
  const order: Record<Severity, number> = { high: 0, medium: 1, low: 2 };
  return findings.sort((a, b) => order[a.severity] - order[b.severity] || a.parameter.localeCompare(b.parameter));
}

const bool = z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]);
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const jailsys = z.enum(["new", "inherit", "disable"]);

interface Requestable {
  schema: z.ZodType<string | number | boolean>;
  /** Whether `jail -m` changes it on a running jail, or it waits for the next start. */
  live: boolean;
}

const ALLOW_FLAGS = [
  "set_hostname",
  "sysvipc",
  "raw_sockets",
  "chflags",
  "mount",
  "mount.devfs",
  "mount.fdescfs",
  "mount.nullfs",
  "mount.procfs",
  "mount.tmpfs",
  "mount.zfs",
  "mount.linprocfs",
  "mount.linsysfs",
  "quotas",
  "socket_af",
  "mlock",
  "reserved_ports",
  "read_msgbuf",
  "vmm",
  "unprivileged_proc_debug",
  "suser",
  "nfsd",
  "extattr",
  "adjtime",
  "settime",
];

/** The only parameters a request may set, each with the values it may take. */
export const REQUESTABLE_PARAMETERS: Readonly<Record<string, Requestable>> = {
  securelevel: { schema: int(-1, 3), live: true },
  enforce_statfs: { schema: int(0, 2), live: true },
  devfs_ruleset: { schema: int(0, 65535), live: false },
  "children.max": { schema: int(0, 1024), live: true },
  persist: { schema: bool, live: true },
  sysvmsg: { schema: jailsys, live: false },
  sysvsem: { schema: jailsys, live: false },
  sysvshm: { schema: jailsys, live: false },
  ip4: { schema: jailsys, live: false },
  ip6: { schema: jailsys, live: false },
  "host.domainname": { schema: z.string().regex(/^[A-Za-z0-9.-]{0,253}$/), live: true },
  "mount.devfs": { schema: bool, live: false },
  "mount.fdescfs": { schema: bool, live: false },
  "mount.procfs": { schema: bool, live: false },
  ...Object.fromEntries(ALLOW_FLAGS.map((flag) => [`allow.${flag}`, { schema: bool, live: true }])),
};

/** No shell metacharacters, quotes, variables or braces: these values reach /bin/sh and jail.conf. */
const SAFE_HOST_VALUE = /^[A-Za-z0-9_./:=,@+ -]{1,1024}$/;

/** Validates an admin-set host-side value; returns a message when it is refused. */
export function validateHostSideParameter(name: string, value: PostureValue, jailsRoot: string): string | null {
  if (typeof value !== "string") return `${name} takes a string`;
  if (!SAFE_HOST_VALUE.test(value)) return `${name} may contain only letters, digits, spaces and _ . / : = , @ + -`;
  if (name === "interface" || name === "vnet.interface") {
    return /^[a-z][a-z0-9]{0,14}(\.[0-9]{1,4})?$/.test(value) ? null : `${name} must be an interface name`;
  }
  if (name === "path" || name === "mount.fstab") {
    const inside = value.startsWith(`${jailsRoot.replace(/\/+$/, "")}/`) && !value.split("/").includes("..");
    return inside ? null : `${name} must be a path under ${jailsRoot}`;
  }
  return null;
}

export interface ParameterError {
  parameter: string;
  message: string;
}

export type ParameterValidation =
  { ok: true; parameters: Record<string, string | number | boolean> } | { ok: false; errors: ParameterError[] };

/** Checks requested parameters against the allow-list (host-side ones only when allowed). */
export function validateRequestedParameters(
  parameters: Readonly<Record<string, PostureValue>>,
  options: { allowHostSide: boolean; jailsRoot: string },
): ParameterValidation {
  const accepted: Record<string, string | number | boolean> = {};
  const errors: ParameterError[] = [];
  for (const [parameter, value] of Object.entries(parameters)) {
    if (isHostSideParameter(parameter)) {
      const message = options.allowHostSide
        ? validateHostSideParameter(parameter, value, options.jailsRoot)
        : `${parameter} runs on the host as root and cannot be set through a request`;
      if (message) errors.push({ parameter, message });
      else accepted[parameter] = value as string;
      continue;
    }
    const rule = REQUESTABLE_PARAMETERS[parameter];
    const parsed = rule?.schema.safeParse(value);
    if (!rule || !parsed) errors.push({ parameter, message: `${parameter} is not a parameter Stockade lets you set` });
    else if (!parsed.success) errors.push({ parameter, message: `${parameter}: ${parsed.error.issues[0]?.message ?? "invalid"}` });
    else accepted[parameter] = parsed.data;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, parameters: accepted };
}
