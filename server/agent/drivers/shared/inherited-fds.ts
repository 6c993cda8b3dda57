import fs from "node:fs";
import type { StdioOptions } from "node:child_process";

type StdioEntry = Exclude<StdioOptions, string>[number];

const O_CLOEXEC = 0o2000000;

/** Opened once, close-on-exec: what a child finds where the agent had an inheritable fd. */
let devNull: number | null = null;

/** Whether `fd` survives exec: its fdinfo flags (octal) carry O_CLOEXEC unless it does. */
function inheritable(fd: number): boolean {
  try {
    const flags = /flags:\s+([0-7]+)/.exec(fs.readFileSync(`/proc/self/fdinfo/${fd}`, "utf8"))?.[1];
    return flags !== undefined && (parseInt(flags, 8) & O_CLOEXEC) === 0;
  } catch {
    return false;
  }
}

/**
 * The fds above 2 this process would hand to every child. Node opens its own fds close-on-exec,
 * node-pty does not (its PTY masters and slaves), and lxc-attach passes what it inherits on into
 * the jail: a console's PTY master would reach every other jail a command runs in.
 * Without /proc (FreeBSD) there is nothing to read and nothing is found.
 */
export function inheritableFds(): number[] {
  let entries: string[];
  try {
    entries = fs.readdirSync("/proc/self/fd");
  } catch {
    return [];
  }
  return entries
    .map(Number)
    .filter((fd) => fd > 2 && inheritable(fd))
    .sort((a, b) => a - b);
}

/**
 * `stdio` for child_process.spawn, extended so the child gets /dev/null in place of each of this
 * process's inheritable fds (libuv dup2s every listed entry over the child's copy; "ignore" would
 * leave an fd above 2 untouched). Call it right before spawn, in the same tick, so no new PTY
 * opens in between.
 */
export function sealedStdio(stdio: readonly StdioEntry[]): StdioEntry[] {
  const leaking = inheritableFds().filter((fd) => fd >= stdio.length);
  if (leaking.length === 0) return [...stdio];
  devNull ??= fs.openSync("/dev/null", "r");
  const sealed: StdioEntry[] = [...stdio];
  const last = leaking[leaking.length - 1]!;
  for (let fd = stdio.length; fd <= last; fd++) sealed.push(leaking.includes(fd) ? devNull : "ignore");
  return sealed;
}
