/**
 * Every usage figure the dashboard shows, defined once: what it counts, its unit and where
 * it comes from (the tooltip). Cards, charts, limits and the tree all label from here, so the
 * same word never means two different numbers.
 */

export interface Figure {
  label: string;
  source: string;
}

export const FIGURES = {
  hostCpu: {
    label: "CPU in use",
    source:
      "Busy time of all the host's CPUs over the last sample (Linux: /proc/stat; FreeBSD: the process table), in CPUs: 1 = one CPU fully busy.",
  },
  hostMemory: {
    label: "Memory in use",
    source: "Memory the host's programs hold: total minus what the kernel could hand out now (Linux: MemTotal − MemAvailable).",
  },
  hostProcesses: {
    label: "Processes",
    source:
      "Processes in the host's process table (kernel threads included), counted from the tree's own snapshot: the same table at the same moment (paused with it).",
  },
  jailCpu: {
    label: "CPU",
    source:
      "Busy time of the jail's processes over the last sample (Linux: the jail's cgroup; FreeBSD: rctl), in CPUs: 1 = one CPU fully busy.",
  },
  jailMemory: {
    label: "Memory (cgroup)",
    source:
      "Memory charged to the jail by the kernel (Linux: cgroup memory.current — its processes' own pages plus page cache, each page once; FreeBSD: rctl memoryuse). This is what the memory limit counts.",
  },
  jailProcesses: {
    label: "Processes",
    source: "Processes in the jail (Linux: the cgroup's pids.current; FreeBSD: rctl maxproc). This is what the process limit counts.",
  },
  processCpu: {
    label: "CPU",
    source: "Percent of one CPU, as ps and top count it: a process keeping two CPUs busy shows 200%.",
  },
  jailRssSum: {
    label: "Memory (RSS sum)",
    source:
      "The sum of the resident memory (RSS) of the jail's processes: shared pages count once per process and page cache not at all, so it differs from the jail's cgroup memory.",
  },
} as const satisfies Record<string, Figure>;

/** Percent of one CPU (the agent's unit) as CPUs in use: "0.42 of 2 CPUs". */
export function formatCpus(percentOfOneCpu: number, cpuCount?: number): string {
  const cpus = percentOfOneCpu / 100;
  const value = cpus >= 10 ? cpus.toFixed(0) : cpus.toFixed(2);
  if (cpuCount === undefined) return `${value} CPU${cpus === 1 ? "" : "s"}`;
  return `${value} of ${cpuCount} CPU${cpuCount === 1 ? "" : "s"}`;
}
