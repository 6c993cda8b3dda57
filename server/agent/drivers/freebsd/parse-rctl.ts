import { AgentError } from "../../protocol";

/** The resources `rctl -u` prints, in kernel order (kern_rctl.c). */
export const RCTL_RESOURCES = [
  "cputime",
  "datasize",
  "stacksize",
  "coredumpsize",
  "memoryuse",
  "memorylocked",
  "maxproc",
  "openfiles",
  "vmemoryuse",
  "pseudoterminals",
  "swapuse",
  "nthr",
  "msgqqueued",
  "msgqsize",
  "nmsgq",
  "nsem",
  "nsemop",
  "nshm",
  "shmsize",
  "wallclock",
  "pcpu",
  "readbps",
  "writebps",
  "readiops",
  "writeiops",
] as const;

export type RctlResource = (typeof RCTL_RESOURCES)[number];
export type RctlUsage = Record<RctlResource, number>;

export const RACCT_SYSCTL_ARGV = ["sysctl", "-n", "kern.racct.enable"];
export const RACCT_DISABLED_MESSAGE = "RACCT/RCTL present, but disabled";

function isResource(name: string): name is RctlResource {
  return (RCTL_RESOURCES as readonly string[]).includes(name);
}

/** Parses `rctl -u jail:NAME` (never -h: humanised values are not numbers). */
export function parseRctlUsage(stdout: string): RctlUsage {
  const usage = Object.fromEntries(RCTL_RESOURCES.map((r) => [r, 0])) as RctlUsage;
  const seen = new Set<string>();
  for (const line of stdout
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)) {
    const match = /^([a-z]+)=(\d+)$/.exec(line);
    if (!match) throw new AgentError("engine_failed", `rctl -u printed an unreadable line "${line}"`);
    const [, name = "", value = "0"] = match;
    // Newer kernels may add resources: ignore what we do not know rather than fail.
    if (isResource(name)) {
      usage[name] = Number(value);
      seen.add(name);
    }
  }
  if (seen.size === 0) throw new AgentError("engine_failed", "rctl -u printed no resources");
  return usage;
}

export interface RctlRule {
  subject: "jail";
  jail: string;
  resource: RctlResource;
  action: string;
  amount: number;
  per: string | null;
}

/** Parses the rule list of `rctl jail:NAME`: "jail:www1:memoryuse:deny=2147483648". */
export function parseRctlRules(stdout: string): RctlRule[] {
  return stdout
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const match = /^jail:([^:]+):([a-z]+):([a-z]+(?:=[A-Z0-9]+)?)=(\d+)(?:\/([a-z]+))?$/.exec(line);
      const [, jail = "", resource = "", action = "", amount = "0", per] = match ?? [];
      if (!match || !isResource(resource)) {
        throw new AgentError("engine_failed", `rctl printed an unreadable rule "${line}"`);
      }
      return { subject: "jail" as const, jail, resource, action, amount: Number(amount), per: per ?? null };
    });
}

/** `sysctl -n kern.racct.enable`: 1 on, 0 off; a kernel without RACCT fails the sysctl. */
export function parseRacctEnabled(result: { exitCode: number; stdout: string }): boolean {
  return result.exitCode === 0 && result.stdout.trim() === "1";
}
