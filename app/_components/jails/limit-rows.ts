import { formatCpus } from "@/app/_components/figures";
import { formatBytes } from "@/app/_components/process-tree/format";
import type { JailLimits, Usage } from "@/server/agent/protocol";

/** One limit the jail has, with the usage it is measured against. */
export interface SetLimit {
  label: string;
  used: number;
  limit: number;
  format(value: number): string;
}

export interface JailLimitRows {
  set: SetLimit[];
  /** Labels of the limits not set, in display order. */
  unset: string[];
}

const count = (value: number) => String(value);

/** Splits the jail's limits into those set (each gets a meter) and those not (named in one line). */
export function jailLimitRows(limits: JailLimits, usage: Usage): JailLimitRows {
  const all = [
    { label: "Memory", used: usage.memoryBytes, limit: usage.memoryLimitBytes ?? limits.memoryBytes ?? null, format: formatBytes },
    { label: "Processes", used: usage.processCount, limit: usage.processLimit ?? limits.maxProcesses ?? null, format: count },
    { label: "CPU", used: usage.cpuPercent, limit: limits.cpuPercent ?? null, format: (percent: number) => formatCpus(percent) },
  ];
  const set: SetLimit[] = [];
  const unset: string[] = [];
  for (const { limit, ...row } of all) {
    if (limit === null) unset.push(row.label);
    else set.push({ ...row, limit });
  }
  return { set, unset };
}

/** "No limits set" when none is, else "No limit on processes or CPU"; empty when all are set. */
export function unsetLimitsText({ set, unset }: JailLimitRows): string {
  if (unset.length === 0) return "";
  if (set.length === 0) return "No limits set";
  const names = unset.map((label) => (label === "CPU" ? label : label.toLowerCase()));
  const listed = names.length > 1 ? `${names.slice(0, -1).join(", ")} or ${names.at(-1)}` : names[0];
  return `No limit on ${listed}`;
}
