import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const HOST_NS = "pid:[4026531836]";
export const PF_KTHREAD = 0x0020_0000;

export interface FakeProcess {
  pid: number;
  ppid?: number;
  comm?: string;
  state?: string;
  flags?: number;
  utime?: number;
  stime?: number;
  /** Clock ticks after boot. */
  starttime?: number;
  rssPages?: number;
  /** The stack and argv addresses that move at exec. */
  execAddress?: number;
  uid?: number;
  nspid?: number[];
  ns?: string;
  /** Arguments; written NUL-separated. Omit for a kernel thread (empty cmdline). */
  argv?: string[];
  /** Leave out status (a process that exits between reading stat and status). */
  noStatus?: boolean;
}

/** A /proc look-alike in a temp directory: what a reader needs, as regular files and links. */
export class FakeProc {
  readonly root = fs.mkdtempSync(path.join(os.tmpdir(), "stk-fakeproc-"));

  constructor(options: { btime?: number; uptime?: number } = {}) {
    this.write("stat", `cpu  100 0 50 1000 0 0 0 0 0 0\nbtime ${options.btime ?? 1_700_000_000}\n`);
    this.setUptime(options.uptime ?? 1000);
    this.write("self/status", "Name:\tnode\nUid:\t0\t0\t0\t0\nNSpid:\t42\n");
    fs.mkdirSync(this.path("self/ns"));
    fs.symlinkSync(HOST_NS, this.path("self/ns/pid"));
  }

  path(relative: string): string {
    return path.join(this.root, relative);
  }

  write(relative: string, content: string): void {
    fs.mkdirSync(path.dirname(this.path(relative)), { recursive: true });
    fs.writeFileSync(this.path(relative), content);
  }

  setUptime(seconds: number): void {
    this.write("uptime", `${seconds.toFixed(2)} 0.00\n`);
  }

  /** Writes (or rewrites) everything a process has in /proc. */
  add(process: FakeProcess): void {
    const { pid } = process;
    this.remove(pid);
    this.write(`${pid}/stat`, statLine(process));
    this.write(`${pid}/cmdline`, (process.argv ?? []).map((arg) => `${arg}\0`).join(""));
    if (!process.noStatus) this.write(`${pid}/status`, statusText(process));
    fs.mkdirSync(this.path(`${pid}/ns`), { recursive: true });
    fs.symlinkSync(process.ns ?? HOST_NS, this.path(`${pid}/ns/pid`));
  }

  remove(pid: number): void {
    // A reader may hold stat open: a dead task's stat reads nothing on a real /proc, so empty it first.
    if (fs.existsSync(this.path(`${pid}/stat`))) fs.truncateSync(this.path(`${pid}/stat`));
    fs.rmSync(this.path(String(pid)), { recursive: true, force: true });
  }

  dispose(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

function statLine(p: FakeProcess): string {
  const fields: Record<number, number | string> = {
    3: p.state ?? "S",
    4: p.ppid ?? 1,
    9: p.flags ?? 0,
    14: p.utime ?? 0,
    15: p.stime ?? 0,
    22: p.starttime ?? 100,
    24: p.rssPages ?? 10,
    28: p.execAddress ?? 0x7ffd_0000,
    48: (p.execAddress ?? 0x7ffd_0000) + 0x100,
    49: (p.execAddress ?? 0x7ffd_0000) + 0x200,
  };
  const rest = Array.from({ length: 50 }, (_, index) => fields[index + 3] ?? 0);
  return `${p.pid} (${p.comm ?? "proc"}) ${rest.join(" ")}\n`;
}

function statusText(p: FakeProcess): string {
  const uid = p.uid ?? 0;
  const nspid = (p.nspid ?? [p.pid]).join("\t");
  return `Name:\t${p.comm ?? "proc"}\nState:\tS (sleeping)\nUid:\t${uid}\t${uid}\t${uid}\t${uid}\nNSpid:\t${nspid}\nVmRSS:\t40 kB\n`;
}
