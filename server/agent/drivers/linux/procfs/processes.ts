import fs from "node:fs";
import type { ProcessInfo, ProcessSnapshot } from "../../../protocol";
import { insideId, parseIdMap, type IdMapLine } from "../contain/id-ranges";
import { findUnmanagedContainers, payloadCgroupName } from "./containers";
import { EntryCache, type Sample } from "./entries";
import { ProcFiles } from "./files";
import { UserNames } from "./passwd";
import { readBootTime, readPageSize, readUptime } from "./system";

export interface JailRef {
  name: string;
  /** Host pid of the jail's init (lxc-info -pH). */
  initPid: number;
}

export interface ProcessReaderOptions {
  /** Where proc is mounted; a fake tree in tests. */
  procRoot?: string;
  /** The host's passwd, for processes outside every jail. */
  passwdPath?: string;
  /** USER_HZ: 100 on every Linux architecture Stockade runs on. */
  clockTicks?: number;
  /** Bytes per page; read from /proc/self/auxv when not given. */
  pageSize?: number;
  /** How stale a cached uid or command line may get when nothing in stat shows a change. */
  refreshMs?: number;
  /** Milliseconds since the epoch; must not jump backwards (the default is monotonic). */
  now?: () => number;
}

export interface ProcessReader {
  snapshot(jails: JailRef[]): Promise<ProcessSnapshot>;
  /** Closes the files it keeps open between snapshots (one per live process). */
  close(): void;
}

interface Jail {
  kind: "jail";
  name: string;
  depth: number;
  users: Map<number, string>;
  /** The jail's user namespace: host uid → the uid its own passwd names (identity when privileged). */
  uidMap: IdMapLine[];
}

/** An LXC container Stockade does not manage: its processes stay host processes, marked with its key. */
interface Container {
  kind: "container";
  id: string;
}

type Owner = Jail | Container;

/** How long after its start a namespace init outside any LXC payload cgroup may still be moved into one. */
const PAYLOAD_SETTLE_SECONDS = 10;

/** What the kernel shows for an id a namespace does not map. */
const OVERFLOW_UID = 65_534;

export function createProcessReader(options: ProcessReaderOptions = {}): ProcessReader {
  return new ProcessTable(options);
}

class ProcessTable implements ProcessReader {
  private readonly procRoot: string;
  private readonly clockTicks: number;
  private readonly pageSize: number;
  private readonly now: () => number;
  private readonly cache: EntryCache;
  private readonly users = new UserNames();
  private readonly uidMaps = new Map<string, IdMapLine[]>();
  /** init pid → its payload cgroup's name (null: none), for that incarnation (start time) only. */
  private readonly payloads = new Map<number, { startTicks: number; id: string | null }>();
  private bootMs: number | null = null;

  constructor(private readonly options: ProcessReaderOptions) {
    this.procRoot = options.procRoot ?? "/proc";
    this.clockTicks = options.clockTicks ?? 100;
    this.pageSize = options.pageSize ?? readPageSize(this.procRoot);
    this.now = options.now ?? (() => performance.timeOrigin + performance.now());
    this.cache = new EntryCache(new ProcFiles(this.procRoot), options.refreshMs ?? 30_000);
  }

  async snapshot(jails: JailRef[]): Promise<ProcessSnapshot> {
    const at = this.now();
    const samples = this.sampleAll(at);
    const uptime = readUptime(this.procRoot);
    const hostUsers = this.users.load(this.options.passwdPath ?? "/etc/passwd");
    const byNs = jailsByNamespace(jails, samples, (pid) => ({
      users: this.users.load(`${this.procRoot}/${pid}/root/etc/passwd`),
      uidMap: this.uidMapOf(pid, samples.get(pid)?.stat.startTicks ?? 0),
    }));
    this.forgetUidMaps(jails, samples);
    const { ownerOf, containers } = this.withContainers(samples, byNs, uptime);
    const processes: ProcessInfo[] = [];
    for (const sample of samples.values()) {
      const owner = ownerOf(sample.pid);
      processes.push(this.toInfo(sample, at, uptime, owner, owner?.kind === "jail" ? owner.users : hostUsers));
    }
    processes.sort((a, b) => a.pid - b.pid);
    const snapshot: ProcessSnapshot = { takenAt: Math.round(at), processes, jailAnchors: anchors(jails, samples) };
    if (Object.keys(containers).length > 0) snapshot.unmanagedContainers = containers;
    return snapshot;
  }

  /** Jails first: a container nested in a jail is the jail's, whatever its cgroup says. */
  private withContainers(samples: Map<number, Sample>, byNs: Map<string, Owner>, uptime: number) {
    const jailOf = attributor(samples, byNs);
    const found = findUnmanagedContainers(
      samples,
      (pid) => jailOf(pid) !== null,
      (sample) => this.payloadOf(sample, uptime),
    );
    for (const [pid, known] of this.payloads) if (samples.get(pid)?.stat.startTicks !== known.startTicks) this.payloads.delete(pid);
    if (found.byNs.size === 0) return { ownerOf: jailOf, containers: found.containers };
    for (const [ns, id] of found.byNs) byNs.set(ns, { kind: "container", id });
    return { ownerOf: attributor(samples, byNs), containers: found.containers };
  }

  /**
   * Read once per incarnation (pid + start time), like cmdline and status. LXC moves a new
   * container's init into its payload cgroup just after the clone, so a miss is asked again
   * while the init is young; after that it is final (a sandbox's or unshare's namespace).
   */
  private payloadOf({ pid, stat }: Sample, uptime: number): string | null {
    const known = this.payloads.get(pid);
    const young = uptime - stat.startTicks / this.clockTicks < PAYLOAD_SETTLE_SECONDS;
    if (known?.startTicks === stat.startTicks && (known.id !== null || !young)) return known.id;
    let text: string;
    try {
      text = fs.readFileSync(`${this.procRoot}/${pid}/cgroup`, "utf8");
    } catch {
      return null;
    }
    const id = payloadCgroupName(text);
    this.payloads.set(pid, { startTicks: stat.startTicks, id });
    return id;
  }

  close(): void {
    this.cache.close();
  }

  /** A namespace's map is written once, before its first process runs: cached per init (pid and start time). */
  private uidMapOf(initPid: number, startTicks: number): IdMapLine[] {
    const key = `${initPid}:${startTicks}`;
    const cached = this.uidMaps.get(key);
    if (cached) return cached;
    let map: IdMapLine[];
    try {
      map = parseIdMap(fs.readFileSync(`${this.procRoot}/${initPid}/uid_map`, "utf8"));
    } catch {
      return IDENTITY;
    }
    if (map.length === 0) return IDENTITY;
    this.uidMaps.set(key, map);
    return map;
  }

  private forgetUidMaps(jails: JailRef[], samples: Map<number, Sample>): void {
    const live = new Set(jails.map((j) => `${j.initPid}:${samples.get(j.initPid)?.stat.startTicks ?? 0}`));
    for (const key of this.uidMaps.keys()) if (!live.has(key)) this.uidMaps.delete(key);
  }

  private sampleAll(at: number): Map<number, Sample> {
    const samples = new Map<number, Sample>();
    for (const name of fs.readdirSync(this.procRoot)) {
      const code = name.charCodeAt(0);
      if (code < 0x30 || code > 0x39) continue;
      const sample = this.cache.sample(Number(name), at);
      if (sample !== null) samples.set(sample.pid, sample);
    }
    this.cache.retain(samples);
    return samples;
  }

  /** One object built once: a snapshot makes thousands, and spreads cost more than the reads. */
  private toInfo({ pid, stat, entry }: Sample, at: number, uptime: number, owner: Owner | null, names: Map<number, string>): ProcessInfo {
    const ticks = this.clockTicks;
    const jail = owner?.kind === "jail" ? owner : null;
    this.bootMs ??= readBootTime(this.procRoot) * 1000;
    const cpuPercent =
      entry.seenAt === null
        ? percentOfOneCpu(stat.cpuTicks / ticks, uptime - stat.startTicks / ticks)
        : percentOfOneCpu((stat.cpuTicks - entry.cpuTicks) / ticks, (at - entry.seenAt) / 1000);
    entry.cpuTicks = stat.cpuTicks;
    entry.seenAt = at;
    // A jail's process shows its uid as the jail knows it: the host ids behind the mapping stay out of the UI.
    const uid = jail ? (insideId(jail.uidMap, entry.uid) ?? OVERFLOW_UID) : entry.uid;
    return {
      pid,
      ppid: stat.ppid,
      jail: jail?.name ?? null,
      pidInJail: jail ? (entry.nspid[jail.depth - 1] ?? null) : null,
      uid,
      user: names.get(uid) ?? String(uid),
      state: stat.state,
      cpuPercent,
      rssBytes: stat.rssPages * this.pageSize,
      startedAt: Math.round(this.bootMs + (stat.startTicks / ticks) * 1000),
      command: stat.comm,
      args: entry.args,
      container: owner?.kind === "container" ? owner.id : undefined,
    };
  }
}

/** A privileged jail, or a fake /proc without uid_map: ids are the host's. */
const IDENTITY: IdMapLine[] = [{ inside: 0, outside: 0, count: 2 ** 32 - 1 }];

/** CPU seconds over wall seconds, as a percentage of one CPU (like ps), to one decimal. */
function percentOfOneCpu(cpuSeconds: number, wallSeconds: number): number {
  if (wallSeconds <= 0 || cpuSeconds <= 0) return 0;
  return Math.round((cpuSeconds / wallSeconds) * 1000) / 10;
}

function jailsByNamespace(
  jails: JailRef[],
  samples: Map<number, Sample>,
  identityOf: (initPid: number) => Pick<Jail, "users" | "uidMap">,
): Map<string, Owner> {
  const byNs = new Map<string, Owner>();
  for (const { name, initPid } of jails) {
    const init = samples.get(initPid)?.entry;
    if (init?.ns == null) continue;
    byNs.set(init.ns, { kind: "jail", name, depth: init.nspid.length, ...identityOf(initPid) });
  }
  return byNs;
}

/**
 * A process belongs to the jail (or unmanaged container) whose init shares its pid namespace. One
 * in a namespace of its own (a container or unshare inside the jail) belongs to its nearest ancestor's.
 */
function attributor(samples: Map<number, Sample>, byNs: Map<string, Owner>): (pid: number) => Owner | null {
  const memo = new Map<number, Owner | null>();
  const resolve = (pid: number, hops: number): Owner | null => {
    const known = memo.get(pid);
    if (known !== undefined) return known;
    const entry = samples.get(pid)?.entry;
    let owner: Owner | null = null;
    if (entry?.ns != null) {
      const parent = samples.get(pid)?.stat.ppid ?? 0;
      owner = byNs.get(entry.ns) ?? (hops < 64 && parent > 0 ? resolve(parent, hops + 1) : null);
    }
    memo.set(pid, owner);
    return owner;
  };
  return (pid) => resolve(pid, 0);
}

/** Each running jail hangs from its init's parent, the host-side `[lxc monitor]`. */
function anchors(jails: JailRef[], samples: Map<number, Sample>): Record<string, number> {
  const result: Record<string, number> = {};
  for (const { name, initPid } of jails) {
    const ppid = samples.get(initPid)?.stat.ppid;
    if (ppid !== undefined && ppid > 0) result[name] = ppid;
  }
  return result;
}
