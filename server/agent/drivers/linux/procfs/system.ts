import fs from "node:fs";

const AT_PAGESZ = 6n;

/** Seconds since boot, from /proc/uptime (hundredths; finer than btime's whole seconds). */
export function readUptime(procRoot: string): number {
  return Number.parseFloat(fs.readFileSync(`${procRoot}/uptime`, "latin1"));
}

/** Boot time in seconds since the epoch (`btime` of /proc/stat), the base of every starttime. */
export function readBootTime(procRoot: string): number {
  const match = /^btime\s+(\d+)/m.exec(fs.readFileSync(`${procRoot}/stat`, "latin1"));
  if (match === null) throw new Error(`no btime in ${procRoot}/stat`);
  return Number(match[1]);
}

/** The kernel's page size from our own ELF auxiliary vector; Node has no sysconf. */
export function readPageSize(procRoot: string): number {
  let auxv: Buffer;
  try {
    auxv = fs.readFileSync(`${procRoot}/self/auxv`);
  } catch {
    return 4096;
  }
  for (let offset = 0; offset + 16 <= auxv.length; offset += 16) {
    if (auxv.readBigUInt64LE(offset) === AT_PAGESZ) return Number(auxv.readBigUInt64LE(offset + 8));
  }
  return 4096;
}
