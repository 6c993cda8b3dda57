import fs from "node:fs";

/** A process can exit between readdir and any later read of its files. */
export function isVanished(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === "ENOENT" || code === "ESRCH";
}

/**
 * Synchronous reads into one reused buffer: on /proc, open+read+close with no fstat and no
 * promise per file is several times cheaper than fs.promises, and snapshots read thousands.
 */
export class ProcFiles {
  private buffer = Buffer.allocUnsafe(16_384);

  constructor(readonly root: string) {}

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
