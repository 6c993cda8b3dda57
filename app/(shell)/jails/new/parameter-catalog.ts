/**
 * The parameters the create form offers, per driver, each with its safe value and, for the
 * risky ones, the sentence saying why and the safe alternative. Risk comes from the shared
 * posture rules; Linux offers only what its driver allow-lists.
 */
import { assessPosture, type PostureFinding } from "@/shared/posture";

export type ParameterValue = string | number | boolean;

export interface CatalogEntry {
  name: string;
  label: string;
  kind: "boolean" | "choice" | "number";
  choices?: readonly string[];
  min?: number;
  max?: number;
  safe: ParameterValue;
  /** A value the posture rules flag, to explain the risk before anyone picks it. */
  risky?: ParameterValue;
  /** What to do instead, and the values it sets. */
  alternative?: { text: string; values: Record<string, ParameterValue> };
}

const privateIpc = {
  text: 'Keep the host\'s IPC out and give the jail private SysV namespaces (sysvshm, sysvsem, sysvmsg = "new").',
  values: { "allow.sysvipc": false, sysvshm: "new", sysvsem: "new", sysvmsg: "new" },
};
const jailsys = ["new", "inherit", "disable"] as const;

const LINUX: CatalogEntry[] = [
  {
    name: "allow.raw_sockets",
    label: "Raw sockets (ping, packet capture)",
    kind: "boolean",
    safe: false,
    risky: true,
    alternative: { text: "Keep raw sockets off and ping from the host instead.", values: { "allow.raw_sockets": false } },
  },
];

const FREEBSD: CatalogEntry[] = [
  { name: "persist", label: "Stays up with no process in it", kind: "boolean", safe: true },
  { name: "allow.sysvipc", label: "Share the host's SysV IPC", kind: "boolean", safe: false, risky: true, alternative: privateIpc },
  ...(["sysvshm", "sysvsem", "sysvmsg"] as const).map((name): CatalogEntry => ({
    name,
    label: `${name} namespace`,
    kind: "choice",
    choices: jailsys,
    safe: "new",
    risky: "inherit",
    alternative: privateIpc,
  })),
  {
    name: "allow.raw_sockets",
    label: "Raw sockets (ping, packet capture)",
    kind: "boolean",
    safe: false,
    risky: true,
    alternative: { text: "Keep raw sockets off and ping from the host instead.", values: { "allow.raw_sockets": false } },
  },
  {
    name: "enforce_statfs",
    label: "Mount points visible (enforce_statfs)",
    kind: "number",
    min: 0,
    max: 2,
    safe: 2,
    risky: 0,
    alternative: { text: "Use 2: the jail sees only its own mount points.", values: { enforce_statfs: 2 } },
  },
  {
    name: "securelevel",
    label: "Securelevel",
    kind: "number",
    min: -1,
    max: 3,
    safe: 2,
    risky: 0,
    alternative: { text: "Use 2: system files stay immutable inside the jail.", values: { securelevel: 2 } },
  },
  {
    name: "children.max",
    label: "Nested jails allowed",
    kind: "number",
    min: 0,
    max: 1024,
    safe: 0,
    risky: 1,
    alternative: { text: "Use 0: no jails inside this jail.", values: { "children.max": 0 } },
  },
  {
    name: "allow.mount",
    label: "Jailed root may mount",
    kind: "boolean",
    safe: false,
    risky: true,
    alternative: { text: "Keep it off; mount what the jail needs from the host.", values: { "allow.mount": false } },
  },
  {
    name: "allow.chflags",
    label: "Jailed root may clear file flags",
    kind: "boolean",
    safe: false,
    risky: true,
    alternative: { text: "Keep it off so securelevel protects system files.", values: { "allow.chflags": false } },
  },
];

export function parameterCatalog(driver: "linux" | "freebsd" | undefined): CatalogEntry[] {
  return driver === "freebsd" ? FREEBSD : driver === "linux" ? LINUX : [];
}

/** Why an entry can be risky (the rules' own sentence for its risky value). */
export function riskOf(entry: CatalogEntry): PostureFinding | null {
  return entry.risky === undefined ? null : (assessPosture({ [entry.name]: entry.risky })[0] ?? null);
}

/** The finding for the value chosen now, if the rules flag it. */
export function findingFor(entry: CatalogEntry, value: ParameterValue): PostureFinding | null {
  return assessPosture({ [entry.name]: value })[0] ?? null;
}

export const safeDefaults = (catalog: CatalogEntry[]): Record<string, ParameterValue> =>
  Object.fromEntries(catalog.map((entry) => [entry.name, entry.safe]));
