/** The create form's values, their checks as the user types, and the request they become (pure). */
import {
  hostMountSchema,
  hostnameSchema,
  jailNameSchema,
  tagSchema,
  type CreateJailInput,
  type HostMount,
  type NetworkInfo,
} from "@/server/agent/protocol";
import { addressProblem } from "./address-check";
import type { ParameterValue } from "./parameter-catalog";

export interface Draft {
  name: string;
  template: string;
  hostname: string;
  ipv4: string;
  memoryMiB: string;
  maxProcesses: string;
  cpuPercent: string;
  parameters: Record<string, ParameterValue>;
  autostart: boolean;
  tags: string;
  /** One host directory to mount into the jail; both paths empty: none. */
  mount?: MountDraft;
}

export interface MountDraft {
  hostPath: string;
  jailPath: string;
  readOnly: boolean;
}

export const FIELDS = [
  "name",
  "template",
  "hostname",
  "ipv4",
  "limits.memoryBytes",
  "limits.maxProcesses",
  "limits.cpuPercent",
  "parameters",
  "mounts",
  "tags",
] as const;
export type Field = (typeof FIELDS)[number];

export const FIELD_LABELS: Record<string, string> = {
  name: "Name",
  template: "Template",
  hostname: "Hostname",
  ipv4: "IPv4 address",
  "limits.memoryBytes": "Memory limit",
  "limits.maxProcesses": "Process limit",
  "limits.cpuPercent": "CPU limit",
  tags: "Tags",
  mounts: "Host mount",
};

export interface DraftContext {
  existingNames: readonly string[];
  network: NetworkInfo | undefined;
}

const firstIssue = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.success ? null : (result.error?.issues[0]?.message ?? "is not valid");

function nameProblem(name: string, existing: readonly string[]): string | null {
  if (name === "") return null;
  const issue = firstIssue(jailNameSchema.safeParse(name));
  if (issue) return `${issue}.`.replace(/\.\.$/, ".");
  return existing.includes(name) ? `A jail named ${name} already exists.` : null;
}

function hostnameProblem(hostname: string): string | null {
  if (hostname === "") return null;
  if (/^[0-9.]+$/.test(hostname)) return `${hostname} looks like an IP address; a hostname is a name such as web1.example.org.`;
  return firstIssue(hostnameSchema.safeParse(hostname));
}

function rangeProblem(text: string, label: string, min: number, max: number, unit = ""): string | null {
  if (text.trim() === "") return null;
  const value = Number(text);
  if (!Number.isInteger(value)) return `${label} must be a whole number.`;
  return value < min || value > max ? `${label} must be between ${min} and ${max}${unit}.` : null;
}

function tagsProblem(tags: string): string | null {
  const list = splitTags(tags);
  if (list.length > 16) return "At most 16 tags.";
  const bad = list.find((tag) => !tagSchema.safeParse(tag).success);
  return bad ? `“${bad}”: tags are 1–32 lower-case letters, digits, '.', '_' or '-'.` : null;
}

const hasMount = (mount: MountDraft | undefined): mount is MountDraft => Boolean(mount && (mount.hostPath || mount.jailPath));

/** The agent checks the host side too (exists, a directory, not Stockade's own); this is the allow-list. */
function mountProblem(mount: MountDraft | undefined): string | null {
  if (!hasMount(mount)) return null;
  if (!mount.hostPath || !mount.jailPath) return "Give both the host path and the path inside the jail.";
  return firstIssue(hostMountSchema.safeParse(mount));
}

export const splitTags = (text: string) => text.split(/[\s,]+/).filter(Boolean);

/** Problems with what is typed so far; an empty required field only counts when `submitting`. */
export function draftProblems(draft: Draft, ctx: DraftContext, submitting = false): Partial<Record<Field, string>> {
  const problems: Partial<Record<Field, string | null>> = {
    name: submitting && draft.name === "" ? "Give the jail a name." : nameProblem(draft.name, ctx.existingNames),
    template: submitting && draft.template === "" ? "Choose a template." : null,
    hostname: hostnameProblem(draft.hostname),
    ipv4: ctx.network ? addressProblem(draft.ipv4, ctx.network) : null,
    "limits.memoryBytes": rangeProblem(draft.memoryMiB, "Memory limit", 16, 2 ** 30, " MiB"),
    "limits.maxProcesses": rangeProblem(draft.maxProcesses, "Process limit", 4, 1_000_000),
    "limits.cpuPercent": rangeProblem(draft.cpuPercent, "CPU limit", 1, 102_400, " %"),
    mounts: mountProblem(draft.mount),
    tags: tagsProblem(draft.tags),
  };
  return Object.fromEntries(Object.entries(problems).filter(([, message]) => message)) as Partial<Record<Field, string>>;
}

const optionalInt = (text: string) => (text.trim() === "" ? undefined : Number(text));

export function toCreateInput(draft: Draft): CreateJailInput & { autostart: boolean; tags: string[]; mounts?: HostMount[] } {
  const memory = optionalInt(draft.memoryMiB);
  return {
    name: draft.name,
    template: draft.template,
    ...(draft.hostname ? { hostname: draft.hostname } : {}),
    ...(draft.ipv4.trim() ? { ipv4: draft.ipv4.trim() } : {}),
    limits: {
      ...(memory !== undefined ? { memoryBytes: memory * 1024 * 1024 } : {}),
      ...(optionalInt(draft.maxProcesses) !== undefined ? { maxProcesses: optionalInt(draft.maxProcesses) } : {}),
      ...(optionalInt(draft.cpuPercent) !== undefined ? { cpuPercent: optionalInt(draft.cpuPercent) } : {}),
    },
    parameters: draft.parameters,
    ...(hasMount(draft.mount) ? { mounts: [{ ...draft.mount }] } : {}),
    autostart: draft.autostart,
    tags: splitTags(draft.tags),
  };
}
