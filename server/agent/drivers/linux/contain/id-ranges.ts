import { readdir, readFile, readlink } from "node:fs/promises";
import { AgentError } from "../../../protocol";

/** Every jail's user namespace maps its ids 0–65,535 onto a range of host ids of its own. */
export const IDS_PER_JAIL = 65_536;
/**
 * Far above the 100,000-and-up ranges Debian's useradd puts in /etc/subuid, so a jail's ids
 * never meet a host user's. Root needs no subuid entry to use them (LXC maps them directly).
 */
export const FIRST_JAIL_ID = 0x4000_0000;
export const JAIL_RANGE_SLOTS = 16_384;

export interface IdMapLine {
  inside: number;
  outside: number;
  count: number;
}

/** /proc/PID/uid_map or gid_map: "inside outside count" per line. */
export function parseIdMap(text: string): IdMapLine[] {
  return text
    .split("\n")
    .map((line) => line.trim().split(/\s+/).map(Number))
    .filter((f) => f.length === 3 && f.every((n) => Number.isInteger(n) && n >= 0))
    .map(([inside, outside, count]) => ({ inside: inside!, outside: outside!, count: count! }));
}

/** The id a host id has inside the namespace; null when the namespace does not map it. */
export function insideId(map: readonly IdMapLine[], hostId: number): number | null {
  const line = map.find((l) => hostId >= l.outside && hostId < l.outside + l.count);
  return line ? line.inside + (hostId - line.outside) : null;
}

/**
 * Processes grouped by user namespace (the /proc/PID/ns/user link names it): all of a
 * namespace's processes share its map, so it is read once, not once per process (a plan's
 * and an apply's checks each read them all). A link that cannot be read is a group of one.
 */
async function byUserNamespace(procRoot: string, pids: readonly string[]): Promise<string[][]> {
  const groups = new Map<string, string[]>();
  await Promise.all(
    pids.map(async (pid) => {
      const ns = await readlink(`${procRoot}/${pid}/ns/user`).catch(() => `pid:${pid}`);
      groups.set(ns, [...(groups.get(ns) ?? []), pid]);
    }),
  );
  return [...groups.values()];
}

/** The map of the first member still there: one that exited since the listing is skipped. */
async function firstIdMap(procRoot: string, members: readonly string[]): Promise<string> {
  for (const pid of members) {
    const text = await readFile(`${procRoot}/${pid}/uid_map`, "utf8").catch(() => null);
    if (text !== null) return text;
  }
  return "";
}

/**
 * Host id ranges already given to a user namespace on this host (other agents' jails, LXD,
 * rootless containers): read from the uid_map of every process's namespace, so two agents sharing a machine
 * (tests do) still hand out distinct ranges while their jails run.
 */
export async function rangesInUse(procRoot = "/proc"): Promise<IdMapLine[]> {
  const pids = (await readdir(procRoot)).filter((n) => /^\d+$/.test(n));
  const seen = new Map<string, IdMapLine>();
  await Promise.all(
    (await byUserNamespace(procRoot, pids)).map(async (members) => {
      for (const line of parseIdMap(await firstIdMap(procRoot, members))) {
        if (line.inside === 0 && line.outside === 0) continue;
        seen.set(`${line.outside}:${line.count}`, line);
      }
    }),
  );
  return [...seen.values()];
}

const overlaps = (start: number, taken: IdMapLine) => start < taken.outside + taken.count && taken.outside < start + IDS_PER_JAIL;

export const isRangeFree = (start: number, recorded: readonly number[], live: readonly IdMapLine[]) =>
  !recorded.includes(start) && !live.some((taken) => overlaps(start, taken));

/** The first free range: not recorded for another jail of ours, not mapped by anyone running. */
export function allocateIdRange(recorded: readonly number[], live: readonly IdMapLine[]): number {
  for (let slot = 0; slot < JAIL_RANGE_SLOTS; slot++) {
    const start = FIRST_JAIL_ID + slot * IDS_PER_JAIL;
    if (isRangeFree(start, recorded, live)) return start;
  }
  throw new AgentError("unavailable", `All ${JAIL_RANGE_SLOTS} id ranges for unprivileged jails are in use`);
}
