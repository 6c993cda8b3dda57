import { access } from "node:fs/promises";
import path from "node:path";
import type { RunOptions, RunResult, Runner } from "../shared/runner";

export interface LxcEntry {
  name: string;
  /** LXC's own word: RUNNING, STOPPED, STARTING, STOPPING, ABORTING, FREEZING, FROZEN, THAWED. */
  state: string;
  pid: number | null;
  ipv4: string[];
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

/** The environment a command inside a jail gets: the jail's, not the agent's. */
const JAIL_ENV = [
  "--clear-env",
  "--set-var",
  "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
  "--set-var",
  "HOME=/root",
];

export function parseLxcLs(output: string): LxcEntry[] {
  return output
    .split("\n")
    .slice(1)
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const [name = "", state = "", pid = "-", ...rest] = line.trim().split(/\s+/);
      const ipv4 = rest
        .join(" ")
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s && s !== "-");
      return { name, state, pid: /^\d+$/.test(pid) ? Number(pid) : null, ipv4 };
    });
}

/**
 * lxc-info's "Key: value" lines (State, PID, one IP line per address) as the entry lxc-ls
 * would give for this one container; PID and IP appear only while it runs.
 */
export function parseLxcInfo(name: string, output: string): LxcEntry {
  const fields = output.split("\n").flatMap((line) => {
    const match = /^(\w+):\s*(.*?)\s*$/.exec(line);
    return match ? [[match[1]!, match[2]!] as const] : [];
  });
  const pid = fields.find(([key]) => key === "PID")?.[1] ?? "";
  return {
    name,
    state: fields.find(([key]) => key === "State")?.[1] ?? "",
    pid: /^\d+$/.test(pid) ? Number(pid) : null,
    ipv4: fields.filter(([key, value]) => key === "IP" && !value.includes(":")).map(([, value]) => value),
  };
}

/** What a command run inside a jail reads (stdin) or reports line by line. */
export type AttachIo = Pick<RunOptions, "input" | "onLine">;

/** The LXC path a jail's container lives in, read at each command so the jail's definition decides. */
export type LocateJail = (name: string) => Promise<string>;

/**
 * lxc-* commands, one argument per array element, each with the LXC path of the jail it names
 * (the agent's own unless the jail was adopted from another); lxcPath is the one list() reads.
 */
export class Lxc {
  private running: { generation: number; listing: Promise<LxcEntry[]> } | null = null;
  private generation = 0;

  constructor(
    private readonly runner: Runner,
    readonly lxcPath: string,
    private readonly locate: LocateJail = () => Promise.resolve(lxcPath),
  ) {}

  /** The same commands in one fixed LXC path (another path's listing). */
  at(lxcPath: string): Lxc {
    return new Lxc(this.runner, lxcPath);
  }

  private async base(name: string): Promise<string[]> {
    return ["-P", await this.locate(name), "-n", name];
  }

  /**
   * Callers that ask while a listing runs (the monitor's tick, a host summary's jails and
   * usage) share it: lxc-ls queries every container. Not once a jail changed since it began.
   */
  list(): Promise<LxcEntry[]> {
    if (this.running?.generation === this.generation) return this.running.listing;
    const listing: Promise<LxcEntry[]> = this.runner
      .run(["lxc-ls", "-P", this.lxcPath, "-f", "-F", "NAME,STATE,PID,IPV4"])
      .then(({ stdout }) => parseLxcLs(stdout))
      .finally(() => {
        if (this.running?.listing === listing) this.running = null;
      });
    this.running = { generation: this.generation, listing };
    return listing;
  }

  /** An operation changed a jail: a listing already running may have read it before, so none is shared past this. */
  changed(): void {
    this.generation++;
  }

  /**
   * One container's state and init pid without listing (and so querying) every other one;
   * its addresses only when asked, since LXC reads them from inside the running container.
   * null when no container of that name exists (no config file, as lxc-ls counts them).
   */
  async info(name: string, withAddresses: boolean): Promise<LxcEntry | null> {
    const base = await this.base(name);
    if (!(await exists(path.join(base[1]!, name, "config")))) return null;
    const { stdout } = await this.runner.run(["lxc-info", ...base, "-s", "-p", ...(withAddresses ? ["-i"] : [])]);
    return parseLxcInfo(name, stdout);
  }

  /** consoleLog receives what the jail's init writes to its console, for as long as it runs. */
  async start(name: string, logFile: string, consoleLog: string): Promise<void> {
    await this.runner.run(await this.startArgv(name, logFile, consoleLog), { timeoutMs: 60_000 });
    await this.waitRunning(name);
  }

  async waitRunning(name: string): Promise<void> {
    await this.runner.run(await this.waitArgv(name), { timeoutMs: 15_000 });
  }

  async waitArgv(name: string): Promise<string[]> {
    return ["lxc-wait", ...(await this.base(name)), "-s", "RUNNING", "-t", "10"];
  }

  async startArgv(name: string, logFile: string, consoleLog: string): Promise<string[]> {
    return ["lxc-start", ...(await this.base(name)), "-o", logFile, "-l", "ERROR", "-L", consoleLog];
  }

  /** Graceful first (the template's halt signal), then lxc-stop -k for what is left. */
  async stop(name: string, timeoutSeconds: number): Promise<void> {
    const base = await this.base(name);
    const graceful = await this.runner.run(["lxc-stop", ...base, "-t", String(timeoutSeconds)], {
      timeoutMs: (timeoutSeconds + 15) * 1000,
      allowFailure: true,
    });
    if (graceful.exitCode !== 0) await this.runner.run(["lxc-stop", ...base, "-k"], { timeoutMs: 30_000 });
    await this.runner.run(["lxc-wait", ...base, "-s", "STOPPED", "-t", "10"], { timeoutMs: 15_000 });
  }

  /** lxc-stop -k while a graceful lxc-stop waits: that one then returns as the jail stops. */
  async kill(name: string): Promise<void> {
    await this.runner.run(["lxc-stop", ...(await this.base(name)), "-k"], { timeoutMs: 30_000, allowFailure: true });
  }

  async destroy(name: string): Promise<void> {
    await this.runner.run(["lxc-destroy", ...(await this.base(name))], { timeoutMs: 120_000 });
  }

  async attach(name: string, argv: readonly string[], timeoutSeconds: number, io: AttachIo = {}): Promise<RunResult> {
    return this.runner.run(["lxc-attach", ...(await this.base(name)), ...JAIL_ENV, "--", ...argv], {
      timeoutMs: timeoutSeconds * 1000,
      allowFailure: true,
      ...io,
    });
  }

  async attachArgs(name: string, argv: readonly string[]): Promise<string[]> {
    return [...(await this.base(name)), ...JAIL_ENV, "--set-var", "TERM=xterm-256color", "--", ...argv];
  }

  async setCgroup(name: string, key: string, value: string): Promise<void> {
    await this.runner.run(["lxc-cgroup", ...(await this.base(name)), key, value]);
  }

  /** Full argv of the commands plans show and run. */
  async argv(program: "lxc-cgroup" | "lxc-stop" | "lxc-destroy", name: string, ...rest: string[]): Promise<string[]> {
    return [program, ...(await this.base(name)), ...rest];
  }
}
