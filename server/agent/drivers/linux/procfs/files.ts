import fs from "node:fs";

/** A process can exit between readdir and any later read of its files. */
export function isVanished(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === "ENOENT" || code === "ESRCH";
}

/** Below the descriptor limit Node raises itself to at start (the hard limit, typically ≥ 65,536). */
const MAX_HELD_STATS = 32_768;

/**
 * Synchronous reads into one reused buffer: on /proc, open+read+close with no fstat and no
 * promise per file is several times cheaper than fs.promises, and snapshots read thousands.
 */
export class ProcFiles {
  private buffer = Buffer.allocUnsafe(16_384);
  /** pid → an open /proc/PID/stat: a repeat snapshot then costs one pread per process, not open+read+close. */
  private readonly statFds = new Map<number, number>();

  constructor(readonly root: string) {}

  /**
   * Reads /proc/PID/stat into `bytes` through a descriptor kept open while the process lives;
   * -1 when it is gone. A kept descriptor of an exited task fails with ESRCH (or, on a test's
   * fake tree, reads empty), and the pid may belong to a new process by now: open it once afresh.
   */
  readStat(pid: number): number {
    const held = this.statFds.get(pid);
    if (held !== undefined) {
      const length = this.preadOrGone(held);
      if (length > 0) return length;
      this.statFds.delete(pid);
      fs.closeSync(held);
    }
    // Far more processes than descriptors we mean to hold: the rest are read the plain way.
    if (this.statFds.size >= MAX_HELD_STATS) return this.read(`${this.root}/${pid}/stat`, true);
    let fd: number;
    try {
      fd = fs.openSync(`${this.root}/${pid}/stat`, "r");
    } catch (error) {
      if (isVanished(error)) return -1;
      throw error;
    }
    const length = this.preadOrGone(fd);
    if (length > 0) this.statFds.set(pid, fd);
    else fs.closeSync(fd);
    return length > 0 ? length : -1;
  }

  /** Closes the kept stat descriptors of processes not in `live`. */
  releaseStats(live: ReadonlyMap<number, unknown>): void {
    for (const [pid, fd] of this.statFds) {
      if (live.has(pid)) continue;
      this.statFds.delete(pid);
      fs.closeSync(fd);
    }
  }

  close(): void {
    this.releaseStats(new Map());
  }

  /** stat is a seq_file: a read at offset 0 renders it afresh and hands over all of it at once. */
  private preadOrGone(fd: number): number {
    try {
      for (;;) {
        const length = fs.readSync(fd, this.buffer, 0, this.buffer.length, 0);
        if (length < this.buffer.length) return length;
        this.grow();
      }
    } catch (error) {
      if (isVanished(error)) return -1;
      throw error;
    }
  }

  /** The bytes of the last successful read; valid until the next read. */
  get bytes(): Buffer {
    return this.buffer;
  }

  /**
   * Reads a whole file into `bytes`; returns its length, or -1 when the file (process) is gone.
   * `single` skips the read that would return 0: seq_file files such as stat and status hand
   * over their whole content in one read when the buffer is large enough.
   */
  read(path: string, single = false): number {
    let fd: number;
    try {
      fd = fs.openSync(path, "r");
    } catch (error) {
      if (isVanished(error)) return -1;
      throw error;
    }
    try {
      return this.drain(fd, single);
    } catch (error) {
      if (isVanished(error)) return -1;
      throw error;
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Reads a whole file as UTF-8 text, or null when it is gone. */
  text(path: string): string | null {
    const length = this.read(path);
    return length < 0 ? null : this.buffer.toString("utf8", 0, length);
  }

  /** readlink that answers null for a vanished process or one we may not inspect. */
  link(path: string): string | null {
    try {
      return fs.readlinkSync(path);
    } catch (error) {
      if (isVanished(error) || (error as NodeJS.ErrnoException).code === "EACCES") return null;
      throw error;
    }
  }

  private drain(fd: number, single: boolean): number {
    let length = 0;
    for (;;) {
      if (length === this.buffer.length) this.grow();
      const got = fs.readSync(fd, this.buffer, length, this.buffer.length - length, null);
      length += got;
      if (got === 0 || (single && length < this.buffer.length)) return length;
    }
  }

  private grow(): void {
    const bigger = Buffer.allocUnsafe(this.buffer.length * 2);
    this.buffer.copy(bigger);
    this.buffer = bigger;
  }
}
