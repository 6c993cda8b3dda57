import { readdir, readFile } from "node:fs/promises";

interface ProcessInfo {
  pid: number;
  ppid: number;
  argv: string[];
}

async function readProcess(pid: number): Promise<ProcessInfo | null> {
  try {
    const [stat, cmdline] = await Promise.all([readFile(`/proc/${pid}/stat`, "utf8"), readFile(`/proc/${pid}/cmdline`, "utf8")]);
    // comm (field 2) may hold spaces and parentheses: fields are counted from the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    return { pid, ppid, argv: cmdline.split("\0").filter((arg, i, all) => arg !== "" || i < all.length - 1) };
  } catch {
    return null;
  }
}

async function processes(): Promise<ProcessInfo[]> {
  const pids = (await readdir("/proc")).filter((entry) => /^\d+$/.test(entry)).map(Number);
  return (await Promise.all(pids.map(readProcess))).filter((p): p is ProcessInfo => p !== null);
}

/**
 * The command itself, or a wrapper that runs it: the program's name appears (as a path's
 * last part) somewhere before the arguments, which follow as the command line's tail.
 */
export function runsCommand(processArgv: readonly string[], command: readonly string[]): boolean {
  const [program, ...args] = command;
  if (program === undefined || processArgv.length < command.length) return false;
  const head = processArgv.slice(0, processArgv.length - args.length);
  const tail = processArgv.slice(processArgv.length - args.length);
  return tail.every((arg, i) => arg === args[i]) && head.some((arg) => arg.split("/").at(-1) === program);
}

function withDescendants(all: ProcessInfo[], roots: number[]): number[] {
  const found = new Set(roots);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all) {
      if (!found.has(p.pid) && found.has(p.ppid)) {
        found.add(p.pid);
        grew = true;
      }
    }
  }
  return [...found];
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Ends what a crashed agent left running (lxc-create goes on after its parent dies, still
 * writing the container): the command and everything it started, then waits until they are gone.
 */
export async function endOrphans(command: readonly string[], timeoutMs = 10_000): Promise<number[]> {
  const all = await processes();
  const roots = all.filter((p) => p.pid !== process.pid && runsCommand(p.argv, command)).map((p) => p.pid);
  const victims = withDescendants(all, roots);
  for (const pid of victims) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  const deadline = Date.now() + timeoutMs;
  while (victims.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return victims;
}
