/**
 * Random live updates for the tree's property tests: a small host with two jails and an LXC
 * container Stockade does not manage, and steps of exits, births, CPU changes, re-parents and
 * anchor moves as the agent would report them.
 */
import fc from "fast-check";
import type { ProcessInfo, ProcessSnapshot } from "@/server/agent/protocol";

export function proc(pid: number, ppid: number, jail: string | null, cpuPercent = 0): ProcessInfo {
  const fields = { uid: 0, user: "root", state: "S", rssBytes: 4096, startedAt: 0, command: "sh", args: "sh" };
  return { pid, ppid, jail, pidInJail: null, cpuPercent, ...fields };
}

/** Where a new process may be born: the host, a jail, or an LXC container Stockade does not manage. */
const PLACES: Pick<ProcessInfo, "jail" | "container">[] = [
  { jail: null },
  { jail: null },
  { jail: "web" },
  { jail: "db" },
  { jail: null, container: "legacy" },
];

/** Each step: some exits, some new children of living processes, some CPU changes, a re-parent. */
export const step = fc.record({
  exits: fc.array(fc.nat(), { maxLength: 4 }),
  births: fc.array(fc.record({ parent: fc.nat(), jail: fc.nat({ max: PLACES.length - 1 }), inherit: fc.boolean() }), { maxLength: 4 }),
  cpu: fc.array(fc.record({ at: fc.nat(), value: fc.nat({ max: 400 }) }), { maxLength: 6 }),
  reparent: fc.option(fc.record({ at: fc.nat(), to: fc.nat() })),
  anchor: fc.option(fc.nat()),
});

export function next(
  snapshot: ProcessSnapshot,
  change: {
    exits: number[];
    births: { parent: number; jail: number; inherit: boolean }[];
    cpu: { at: number; value: number }[];
    reparent: { at: number; to: number } | null;
    anchor: number | null;
  },
): ProcessSnapshot {
  let list = snapshot.processes;
  const gone = new Set(change.exits.map((i) => list[i % list.length]!.pid).filter((pid) => pid !== 1));
  list = list.filter((p) => !gone.has(p.pid));
  list = list.map((p, i) => {
    const cpu = change.cpu.find((c) => c.at % list.length === i);
    return cpu ? { ...p, cpuPercent: cpu.value } : p;
  });
  if (change.reparent) {
    const child = list[change.reparent.at % list.length]!;
    const parent = list[change.reparent.to % list.length]!;
    // Only to an older process: the kernel never makes a ppid cycle.
    if (parent.pid < child.pid) list = list.map((p) => (p === child ? { ...p, ppid: parent.pid } : p));
  }
  let pid = Math.max(...list.map((p) => p.pid));
  for (const birth of change.births) {
    const parent = list[birth.parent % list.length]!;
    const place = birth.inherit ? { jail: parent.jail, container: parent.container } : PLACES[birth.jail]!;
    list = [...list, { ...proc(++pid, parent.pid, place.jail), container: place.container }];
  }
  // As the agent reports them: an anchor is a living host-side process (a reused pid is not kept as one).
  const hostPids = new Set(list.filter((p) => p.jail === null && p.container === undefined).map((p) => p.pid));
  const anchors = Object.fromEntries(Object.entries(snapshot.jailAnchors).filter(([, pid]) => hostPids.has(pid)));
  // An anchor is a host-side process (the LXC monitor), never one inside the jail.
  const host = list.filter((p) => hostPids.has(p.pid));
  if (change.anchor !== null) anchors.web = host[change.anchor % host.length]!.pid;
  const legacy = snapshot.unmanagedContainers!.legacy!;
  const monitor = change.anchor === null ? legacy.anchor : host[(change.anchor + 1) % host.length]!.pid;
  const unmanagedContainers = { legacy: { ...legacy, anchor: monitor !== null && hostPids.has(monitor) ? monitor : null } };
  return { takenAt: snapshot.takenAt + 1000, processes: list, jailAnchors: anchors, unmanagedContainers };
}

export const first: ProcessSnapshot = {
  takenAt: 0,
  processes: [
    proc(1, 0, null),
    proc(2, 1, null),
    proc(3, 2, null),
    proc(10, 3, "web"),
    proc(11, 10, "web"),
    proc(20, 1, "db"),
    { ...proc(30, 2, null), container: "legacy" },
  ],
  jailAnchors: { web: 3 },
  unmanagedContainers: { legacy: { name: "legacy", lxcPath: "/var/lib/lxc", initPid: 30, anchor: 2 } },
};
