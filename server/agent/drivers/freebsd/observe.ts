import type { DriverHostInfo, NetworkInfo, ProcessSnapshot, Usage, UsageReport } from "../../protocol";
import { AgentError } from "../../protocol";
import { AGENT_VERSION } from "../../version";
import { describePool } from "../shared/ip-pool";
import type { DriverContext } from "./context";
import { listJailRecords, type JailRecord } from "./jails";
import { IFCONFIG_ARGV, parseIfconfig } from "./parse-ifconfig";
import { parsePs, PS_ARGV, type PsProcess } from "./parse-ps";
import { parseRacctEnabled, parseRctlRules, parseRctlUsage, RACCT_SYSCTL_ARGV } from "./parse-rctl";

export const HOST_SYSCTL_ARGV = ["sysctl", "-n", "kern.hostname", "kern.ostype", "kern.osrelease", "hw.ncpu", "hw.physmem"];

export async function racctEnabled(ctx: DriverContext): Promise<boolean> {
  return parseRacctEnabled(await ctx.runner.run(RACCT_SYSCTL_ARGV, { allowFailure: true }));
}

export async function hostInfo(ctx: DriverContext, extra: { recorded: boolean }): Promise<DriverHostInfo> {
  const lines = (await ctx.runner.run(HOST_SYSCTL_ARGV)).stdout.split("\n").map((l) => l.trim());
  const [hostname = "", ostype = "", osrelease = "", ncpu = "0", physmem = "0"] = lines;
  return {
    hostname,
    os: `${ostype} ${osrelease}`.trim(),
    kernel: osrelease,
    driver: "freebsd",
    recorded: extra.recorded,
    cpuCount: Number(ncpu) || 0,
    memoryBytes: Number(physmem) || 0,
    agentVersion: AGENT_VERSION,
    accounting: (await racctEnabled(ctx)) ? "kernel" : "summed-from-processes",
  };
}

export async function readProcesses(ctx: DriverContext): Promise<PsProcess[]> {
  return parsePs((await ctx.runner.run(PS_ARGV)).stdout);
}

/** FreeBSD jails have no init or monitor process: the tree hangs from jail attribution alone. */
export async function processSnapshot(ctx: DriverContext, now: number): Promise<ProcessSnapshot> {
  const processes = (await readProcesses(ctx)).map((p) => ({
    pid: p.pid,
    ppid: p.ppid,
    jail: p.jail,
    pidInJail: null,
    uid: p.uid,
    user: p.user,
    state: p.state,
    cpuPercent: p.cpuPercent,
    rssBytes: p.rssBytes,
    startedAt: p.startedAt,
    command: p.command,
    args: p.args,
  }));
  return { takenAt: now, processes, jailAnchors: {} };
}

function summed(jail: string | null, processes: PsProcess[]): Usage {
  return {
    jail,
    // ps's column list has no CPU time; only the kernel's accounting knows it.
    cpuSeconds: 0,
    cpuPercent: processes.reduce((sum, p) => sum + p.cpuPercent, 0),
    memoryBytes: processes.reduce((sum, p) => sum + p.rssBytes, 0),
    memoryLimitBytes: null,
    processCount: processes.length,
    processLimit: null,
    oomKills: 0,
    refusedForks: 0,
  };
}

async function kernelUsage(ctx: DriverContext, name: string): Promise<Usage> {
  const usage = parseRctlUsage((await ctx.runner.run(["rctl", "-u", `jail:${name}`])).stdout);
  const rules = parseRctlRules((await ctx.runner.run(["rctl", `jail:${name}`])).stdout);
  const limit = (resource: string) => rules.find((r) => r.resource === resource && r.action === "deny")?.amount ?? null;
  return {
    jail: name,
    cpuSeconds: usage.cputime,
    cpuPercent: usage.pcpu,
    memoryBytes: usage.memoryuse,
    memoryLimitBytes: limit("memoryuse"),
    processCount: usage.maxproc,
    processLimit: limit("maxproc"),
    oomKills: 0,
    refusedForks: 0,
  };
}

function withConfiguredLimits(usage: Usage, record: JailRecord): Usage {
  return {
    ...usage,
    memoryLimitBytes: usage.memoryLimitBytes ?? record.jail.limits.memoryBytes ?? null,
    processLimit: usage.processLimit ?? record.jail.limits.maxProcesses ?? null,
  };
}

/** Per-jail usage from rctl when kern.racct.enable is 1, else summed from ps per jail. */
export async function usage(ctx: DriverContext, now: number): Promise<UsageReport> {
  const [kernel, processes, records] = await Promise.all([racctEnabled(ctx), readProcesses(ctx), listJailRecords(ctx)]);
  const running = records.filter((r) => r.running);
  const jails: Usage[] = [];
  for (const record of running) {
    const name = record.jail.name;
    const raw = kernel
      ? await kernelUsage(ctx, name)
      : summed(
          name,
          processes.filter((p) => p.jail === name),
        );
    jails.push(withConfiguredLimits(raw, record));
  }
  return { takenAt: now, host: summed(null, processes), jails };
}

export async function network(ctx: DriverContext): Promise<NetworkInfo> {
  const interfaces = parseIfconfig((await ctx.runner.run(IFCONFIG_ARGV)).stdout);
  const records = await listJailRecords(ctx);
  const jailAddresses = records.flatMap(({ jail }) => [
    ...jail.ipv4.map((address) => ({ jail: jail.name, family: "inet" as const, address })),
    ...jail.ipv6.map((address) => ({ jail: jail.name, family: "inet6" as const, address })),
  ]);
  const jailSet = new Set(jailAddresses.map((a) => a.address));
  // Jail aliases sit on the host interface too; only the rest are the host's own.
  const hostAddresses = interfaces.flatMap((i) => i.addresses.map((a) => a.address)).filter((a) => !jailSet.has(a));
  const used = new Map(jailAddresses.filter((a) => a.family === "inet").map(({ address, jail }) => [address, jail]));
  return {
    interfaces: interfaces.map((i) => ({ name: i.name, up: i.up, addresses: i.addresses, jail: null })),
    pools: ctx.pool ? [describePool(ctx.pool, ctx.interface, { used, hostAddresses: new Set(hostAddresses) })] : [],
    jailAddresses,
  };
}

export function assertRunning(record: JailRecord): void {
  if (record.jail.state !== "running") throw new AgentError("conflict", `${record.jail.name} is not running`);
}
