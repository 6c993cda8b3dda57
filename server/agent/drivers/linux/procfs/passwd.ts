import fs from "node:fs";
import path from "node:path";

interface Parsed {
  version: string;
  names: Map<number, string>;
}

/** Far above any real passwd; bounds what a jail's root can make the agent read. */
export const MAX_PASSWD_BYTES = 1024 * 1024;
/** Linux's O_PATH (missing from fs.constants): a handle that opens nothing, so no device is touched. */
const O_PATH = 0o10000000;
const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK, O_DIRECTORY } = fs.constants;

/**
 * uid → name from passwd files (the host's, and each jail's through /proc/INIT/root), re-parsed
 * only when the file changes: one fstat per file per snapshot instead of a read and a parse.
 *
 * A jail's passwd belongs to root inside the jail, so it is opened defensively: a symlink in
 * etc or passwd would resolve against the host's root after /proc/PID/root, a FIFO would block
 * the agent's only thread, a device could act on being opened, a huge file would eat memory.
 * Anything but a regular file of at most MAX_PASSWD_BYTES yields no names (users show as uids).
 */
export class UserNames {
  private readonly files = new Map<string, Parsed>();

  /** The names in `file`; empty when it is missing (jail stopped, no passwd) or refused. */
  load(file: string): Map<number, string> {
    const handle = openHandle(file);
    if (handle === null) return this.forget(file);
    try {
      const info = fs.fstatSync(handle);
      if (!info.isFile() || info.size > MAX_PASSWD_BYTES) return this.forget(file);
      const version = `${info.dev}:${info.ino}:${info.mtimeMs}:${info.ctimeMs}:${info.size}`;
      const cached = this.files.get(file);
      if (cached?.version === version) return cached.names;
      const text = readRegular(handle);
      if (text === null) return this.forget(file);
      const names = parsePasswd(text);
      this.files.set(file, { version, names });
      return names;
    } finally {
      fs.closeSync(handle);
    }
  }

  private forget(file: string): Map<number, string> {
    this.files.delete(file);
    return new Map();
  }
}

/**
 * An O_PATH handle on `file`, refusing a symlink as the file or as its directory: the
 * directory is opened first and the file looked up through that descriptor, so nothing can
 * be swapped for a symlink in between. null when missing or refused.
 */
function openHandle(file: string): number | null {
  let dir: number;
  try {
    dir = fs.openSync(path.dirname(file), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    return fs.openSync(`/proc/self/fd/${dir}/${path.basename(file)}`, O_PATH | O_NOFOLLOW);
  } catch {
    return null;
  } finally {
    fs.closeSync(dir);
  }
}

/** Opens the very inode behind an O_PATH handle (already checked to be a regular file). */
function readRegular(handle: number): string | null {
  let fd: number;
  try {
    fd = fs.openSync(`/proc/self/fd/${handle}`, O_RDONLY | O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    // One byte over the limit tells a file that grew since the fstat from one that did not.
    const buffer = Buffer.alloc(MAX_PASSWD_BYTES + 1);
    let length = 0;
    for (let got = -1; got !== 0 && length < buffer.length; length += got) {
      got = fs.readSync(fd, buffer, length, buffer.length - length, null);
    }
    return length > MAX_PASSWD_BYTES ? null : buffer.toString("utf8", 0, length);
  } finally {
    fs.closeSync(fd);
  }
}

export function parsePasswd(text: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of text.split("\n")) {
    const [name, , uid] = line.split(":");
    if (!name || uid === undefined || !/^\d+$/.test(uid)) continue;
    // The first entry wins, as in getpwuid.
    if (!names.has(Number(uid))) names.set(Number(uid), name);
  }
  return names;
}
