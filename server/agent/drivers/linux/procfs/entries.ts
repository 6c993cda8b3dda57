import { ProcFiles } from "./files";
import { isKernelThread, parseStat, sameExec, type ExecMark, type StatFields } from "./stat";
import { parseStatus } from "./status";

/** What we know about one process incarnation (pid + starttime). */
export interface Entry extends ExecMark {
  startTicks: number;
  kernel: boolean;
  uid: number;
  nspid: number[];
  /** The pid namespace link (`pid:[inode]`) when it is not ours; null for our namespace. */
  ns: string | null;
  args: string;
  /** When uid and args are read again although nothing says they changed (setuid, setproctitle). */
  refreshAt: number;
  cpuTicks: number;
  /** When cpuTicks was sampled; null until the entry has been in a snapshot. */
  seenAt: number | null;
}

export interface Sample {
  pid: number;
  stat: StatFields;
  entry: Entry;
}

const NUL = 0;

/**
 * Keeps per-process facts that cannot change for a pid + starttime (namespace, NSpid) and those
 * that change only at exec (args, and uid through setuid binaries), so a repeat snapshot costs
 * one stat read per process. exec is seen in stat itself: comm and the stack/argv addresses
 * move. What can change without exec — setuid(), argv rewritten in place — is re-read every
 * `refreshMs`, spread over snapshots by pid so no snapshot pays for all of them.
 */
export class EntryCache {
  private readonly entries = new Map<number, Entry>();
  private ourNs: string | null = null;
  private ourDepth = 0;

  constructor(
    private readonly files: ProcFiles,
    private readonly refreshMs: number,
  ) {}

  /** Reads /proc/PID/stat and whatever the cache lacks; null when the process is gone. */
  sample(pid: number, now: number): Sample | null {
    const length = this.files.readStat(pid);
    let entry = this.entries.get(pid);
    const stat = length < 0 ? null : parseStat(this.files.bytes, length, entry?.comm);
    if (stat === null) return null;
    if (entry === undefined || entry.startTicks !== stat.startTicks) {
      entry = this.load(pid, stat, now) ?? undefined;
      if (entry === undefined) return null;
      this.entries.set(pid, entry);
    } else if (!sameExec(entry, stat) || now >= entry.refreshAt) {
      if (!this.refresh(pid, stat, entry, now)) return null;
    }
    return { pid, stat, entry };
  }

  /** Forgets processes that were not in the latest snapshot. */
  retain(pids: ReadonlyMap<number, unknown>): void {
    for (const pid of this.entries.keys()) if (!pids.has(pid)) this.entries.delete(pid);
    this.files.releaseStats(pids);
  }

  /** Closes the stat descriptors the cache keeps open. */
  close(): void {
    this.files.close();
  }

  private load(pid: number, stat: StatFields, now: number): Entry | null {
    const entry: Entry = {
      startTicks: stat.startTicks,
      comm: stat.comm,
      stackStart: stat.stackStart,
      argStart: stat.argStart,
      argEnd: stat.argEnd,
      kernel: isKernelThread(stat),
      uid: 0,
      nspid: [pid],
      ns: null,
      args: "",
      refreshAt: now,
      cpuTicks: stat.cpuTicks,
      seenAt: null,
    };
    if (!this.refresh(pid, stat, entry, now)) return null;
    if (!entry.kernel && (entry.nspid.length === 0 || entry.nspid.length > this.depth())) {
      const ns = this.files.link(`${this.files.root}/${pid}/ns/pid`);
      entry.ns = ns === this.ourPidNs() ? null : ns;
    }
    return entry;
  }

  /** Re-reads what exec or setuid can change; false when the process is gone. */
  private refresh(pid: number, stat: StatFields, entry: Entry, now: number): boolean {
    entry.comm = stat.comm;
    entry.stackStart = stat.stackStart;
    entry.argStart = stat.argStart;
    entry.argEnd = stat.argEnd;
    entry.refreshAt = now + this.refreshMs * (1 + (pid % 8) / 8);
    if (entry.kernel) {
      entry.args = `[${stat.comm}]`;
      return true;
    }
    const status = this.readStatus(pid);
    const args = this.readArgs(pid);
    if (status === null || args === null) return false;
    entry.uid = status.uid;
    if (status.nspid.length > 0) entry.nspid = status.nspid;
    // An empty command line is transient (exiting, mid-exec, zombie): ask again next time.
    if (args === "") entry.refreshAt = now;
    entry.args = args || `[${stat.comm}]`;
    return true;
  }

  private readStatus(pid: number | "self"): ReturnType<typeof parseStatus> {
    const text = this.readText(`${this.files.root}/${pid}/status`);
    return text === null ? null : parseStatus(text);
  }

  private readText(path: string): string | null {
    const length = this.files.read(path, true);
    return length < 0 ? null : this.files.bytes.toString("latin1", 0, length);
  }

  private readArgs(pid: number): string | null {
    const length = this.files.read(`${this.files.root}/${pid}/cmdline`);
    if (length < 0) return null;
    const bytes = this.files.bytes;
    let end = length;
    while (end > 0 && bytes[end - 1] === NUL) end--;
    for (let i = 0; i < end; i++) if (bytes[i] === NUL) bytes[i] = 0x20;
    return bytes.toString("utf8", 0, end);
  }

  private ourPidNs(): string | null {
    this.ourNs ??= this.files.link(`${this.files.root}/self/ns/pid`);
    return this.ourNs;
  }

  /** How deep our pid namespace is; a process at the same NSpid depth is in ours. */
  private depth(): number {
    if (this.ourDepth === 0) {
      this.ourDepth = Math.max(1, this.readStatus("self")?.nspid.length ?? 1);
    }
    return this.ourDepth;
  }
}
