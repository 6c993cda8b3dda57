/**
 * LXC containers on the host that Stockade does not manage (made with plain lxc-create in
 * another LXC path), found from what /proc already shows: a pid namespace no jail owns whose
 * init sits in an LXC payload cgroup (`lxc.payload.NAME`, or `lxc/NAME` before LXC 4). Nothing outside /proc is read, so they are found
 * whatever their LXC path, and nothing of theirs is touched.
 */
import type { UnmanagedContainer } from "../../../protocol";
import type { Sample } from "./entries";

export interface FoundContainers {
  /** pid namespace → the key its processes carry in `container` (the payload cgroup's name). */
  byNs: Map<string, string>;
  containers: Record<string, UnmanagedContainer>;
}

// LXC 4 and later: `lxc.payload.NAME` at any depth; LXC 1–3: `lxc/NAME` at the root of a hierarchy.
const PAYLOAD = /\/lxc\.payload\.([^/\n]+)|:\/lxc\/([^/\n]+)/;
const MONITOR = /^\[lxc monitor\] (.+) (\S+)$/;

/**
 * The container's name as its payload cgroup has it, from /proc/PID/cgroup text; the outermost
 * one, so a container nested in another is the outer one's. LXC appends -1, -2 … when a container
 * of the same name (in another LXC path) already holds `lxc.payload.NAME`, so the result is
 * unique on the host. null for a process in no LXC payload cgroup.
 */
export function payloadCgroupName(procCgroup: string): string | null {
  const match = PAYLOAD.exec(procCgroup);
  return match === null ? null : (match[1] ?? match[2]!);
}

/** `[lxc monitor] PATH NAME`: the monitor LXC forks per container names its LXC path and its real name. */
export function parseMonitorArgs(args: string): { lxcPath: string; name: string } | null {
  const match = MONITOR.exec(args);
  return match === null ? null : { lxcPath: match[1]!, name: match[2]! };
}

/**
 * Each pid namespace's init (pid 1 inside) that no jail owns and whose cgroup is an LXC
 * payload's. `payloadOf` gives a process's payloadCgroupName (null when gone); `inJail` says a
 * candidate descends from a jail (a container nested in a jail is the jail's). A container
 * nested in an unmanaged one shares its key; the outer init (fewest namespace levels) names it.
 */
export function findUnmanagedContainers(
  samples: ReadonlyMap<number, Sample>,
  inJail: (pid: number) => boolean,
  payloadOf: (sample: Sample) => string | null,
): FoundContainers {
  const byNs = new Map<string, string>();
  const containers: Record<string, UnmanagedContainer> = {};
  const depths = new Map<string, number>();
  for (const sample of samples.values()) {
    const { entry, stat } = sample;
    const depth = entry.nspid.length;
    if (entry.ns === null || depth < 2 || entry.nspid[depth - 1] !== 1 || inJail(sample.pid)) continue;
    const id = payloadOf(sample);
    if (id === null) continue;
    byNs.set(entry.ns, id);
    if ((depths.get(id) ?? Infinity) <= depth) continue;
    depths.set(id, depth);
    const parent = samples.get(stat.ppid);
    const monitor = parent ? parseMonitorArgs(parent.entry.args) : null;
    containers[id] = {
      name: monitor?.name ?? id,
      lxcPath: monitor?.lxcPath ?? null,
      initPid: sample.pid,
      anchor: parent ? stat.ppid : null,
    };
  }
  return { byNs, containers };
}
