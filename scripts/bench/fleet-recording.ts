/**
 * A generated recorded FreeBSD host for the fleet bench: JAILS jails of PROCESSES processes each,
 * in the formats the FreeBSD driver parses (jls/ps libxo JSON, rctl, sysctl, ifconfig), laid out
 * as ReplayRunner reads a recorded host (manifest.json, outputs/, root/). `psAtTick` is the
 * process table as it moves: each tick a few processes' CPU changes and one worker per jail is
 * replaced, so a live feed has deltas to send.
 */
import fs from "node:fs";
import path from "node:path";
import { ReplayRunner, type CommandRunner } from "@/server/agent/drivers/freebsd";
import { PS_ARGV } from "@/server/agent/drivers/freebsd/parse-ps";
import { flagsArgv } from "@/server/agent/drivers/freebsd/writable";
import { argvKey } from "@/server/agent/drivers/shared/recording-runner";
import type { RunOptions, RunResult } from "@/server/agent/drivers/shared/runner";

export const JAILS = 10;
export const PROCESSES_PER_JAIL = 200;
/** Workers whose CPU figure changes each tick, per jail. */
const BUSY_PER_TICK = 8;
const FIRST_JAIL_PID = 10_000;
const PIDS_PER_JAIL = 100_000;
const START = "Sat Mar  1 09:05:00 2025";

const jailName = (jail: number) => `j${String(jail + 1).padStart(2, "0")}`;
const jailAddress = (jail: number) => `192.0.2.${11 + jail}`;

type PsRow = Record<string, string>;

function psRow(pid: number, ppid: number, jail: number | null, command: string, args: string, cpu: string): PsRow {
  return {
    pid: String(pid),
    ppid: String(ppid),
    "jail-id": jail === null ? "0" : String(jail + 1),
    "jail-name": jail === null ? "-" : jailName(jail),
    uid: jail === null ? "0" : "80",
    user: jail === null ? "root" : "www",
    "percent-cpu": cpu,
    "percent-memory": "0.1",
    rss: "8192",
    "virtual-size": "21000",
    "elapsed-times": "86400",
    "start-time": START,
    state: jail === null ? "Ss" : "SJ",
    command,
    arguments: args,
  };
}

/** A small deterministic generator: the same host and tick give the same table. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

/** One jail's processes at a tick: a master, its workers; worker k is replaced at tick k (a new pid). */
function jailRows(jail: number, tick: number, next: () => number): PsRow[] {
  const base = FIRST_JAIL_PID + jail * PIDS_PER_JAIL;
  const workers = PROCESSES_PER_JAIL - 1;
  const busy = new Set(Array.from({ length: BUSY_PER_TICK }, () => Math.floor(next() * workers)));
  const rows = [psRow(base, 1, jail, "nginx", "nginx: master process /usr/local/sbin/nginx", "0.0")];
  for (let worker = 0; worker < workers; worker++) {
    const generation = Math.floor((tick + workers - 1 - worker) / workers);
    const pid = base + 1 + worker + generation * workers;
    const cpu = busy.has(worker) ? (next() * 5).toFixed(1) : "0.0";
    rows.push(psRow(pid, base, jail, "nginx", `nginx: worker process ${worker}`, cpu));
  }
  return rows;
}

/** `ps` as the driver runs it (PS_ARGV), at the given tick, for host number `host`. */
export function psAtTick(host: number, tick: number): string {
  const next = random(host * 7919 + tick * 104_729 + 1);
  const rows = [
    psRow(1, 0, null, "init", "/sbin/init", "0.0"),
    psRow(412, 1, null, "syslogd", "/usr/sbin/syslogd -s", "0.0"),
    psRow(911, 1, null, "node", "node /usr/local/stockade/agent.js", (next() * 5).toFixed(1)),
  ];
  for (let jail = 0; jail < JAILS; jail++) rows.push(...jailRows(jail, tick, next));
  return JSON.stringify({ __version: "1", "process-information": { process: rows } });
}

function jlsDetail(jail: number): Record<string, unknown> {
  const name = jailName(jail);
  return {
    jid: String(jail + 1),
    name,
    path: `/usr/local/jails/${name}`,
    "host.hostname": `${name}.example.org`,
    securelevel: "2",
    enforce_statfs: "2",
    devfs_ruleset: "4",
    "children.max": "0",
    parent: "0",
    persist: false,
    dying: false,
    osrelease: "14.2-RELEASE-p1",
    ip4: "disable",
    "ip4.addr": [jailAddress(jail)],
    ip6: "disable",
    "ip6.addr": [],
    vnet: "inherit",
  };
}

function jlsVerbose(jail: number): Record<string, unknown> {
  const name = jailName(jail);
  const where = { jid: jail + 1, hostname: `${name}.example.org`, path: `/usr/local/jails/${name}`, name };
  return { ...where, state: "ACTIVE", cpusetid: jail + 3, ipv4_addrs: [jailAddress(jail)], ipv6_addrs: [] };
}

function jailConf(jail: number): string {
  const name = jailName(jail);
  const meta = { template: "base", autostart: true, tags: [jail % 2 === 0 ? "web" : "batch"], interface: "em0" };
  return [
    "# Written by Stockade; changes made by hand are overwritten on the next change.",
    `# stockade: ${JSON.stringify(meta)}`,
    `${name} {`,
    `    path = "/usr/local/jails/${name}";`,
    `    host.hostname = "${name}.example.org";`,
    '    exec.start = "/bin/sh /etc/rc";',
    '    exec.stop = "/bin/sh /etc/rc.shutdown jail";',
    "    exec.clean;",
    "    mount.devfs;",
    "    devfs_ruleset = 4;",
    "    enforce_statfs = 2;",
    "    securelevel = 2;",
    `    ip4.addr = "em0|${jailAddress(jail)}/32";`,
    "}",
    "",
  ].join("\n");
}

const RCTL_USAGE = "cputime=412\nmemoryuse=43728896\nmaxproc=200\nopenfiles=96\nvmemoryuse=112803840\npcpu=4\nreadbps=0\nwritebps=4096\n";

function ifconfig(): string {
  const aliases = Array.from(
    { length: JAILS },
    (_, jail) => `\tinet ${jailAddress(jail)} netmask 0xffffffff broadcast ${jailAddress(jail)}`,
  );
  return [
    "em0: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu 1500",
    "\tether 58:9c:fc:10:ff:a1",
    "\tinet 192.0.2.10 netmask 0xffffff00 broadcast 192.0.2.255",
    ...aliases,
    "\tstatus: active",
    "lo0: flags=1008049<UP,LOOPBACK,RUNNING,MULTICAST,LOWER_UP> metric 0 mtu 16384",
    "\tinet 127.0.0.1 netmask 0xff000000",
    "",
  ].join("\n");
}

/** Writes host number `host`'s recording into `dir` (ps.json is its tick-0 table). */
export function writeFleetRecording(dir: string, host: number): void {
  const outputs: [string[], string, string][] = [
    [
      ["jls", "-d", "-n", "--libxo", "json"],
      "jls.json",
      JSON.stringify({ __version: "2", "jail-information": { jail: range().map(jlsDetail) } }),
    ],
    [
      ["jls", "-v", "--libxo", "json"],
      "jls-v.json",
      JSON.stringify({ __version: "2", "jail-information": { jail: range().map(jlsVerbose) } }),
    ],
    [PS_ARGV, "ps.json", psAtTick(host, 0)],
    [["sysctl", "-n", "kern.racct.enable"], "sysctl-racct.txt", "1\n"],
    [
      ["sysctl", "-n", "kern.hostname", "kern.ostype", "kern.osrelease", "hw.ncpu", "hw.physmem"],
      "sysctl-host.txt",
      `fleet${host}.example.org\nFreeBSD\n14.2-RELEASE-p1\n8\n34225520640\n`,
    ],
    [["ifconfig", "-a"], "ifconfig.txt", ifconfig()],
    [["mount", "-p"], "mount-p.txt", "/dev/ada0p2\t/\tufs\trw\t1\t1\ndevfs\t/dev\tdevfs\trw\t0\t0\n"],
    [flagsArgv("/etc/jail.conf"), "stat-flags-none.txt", "-\n"],
    [flagsArgv("/etc/jail.conf.d"), "stat-flags-none.txt", "-\n"],
    ...range().flatMap((jail): [string[], string, string][] => [
      [["rctl", "-u", `jail:${jailName(jail)}`], `rctl-u-${jailName(jail)}.txt`, RCTL_USAGE],
      [["rctl", `jail:${jailName(jail)}`], "rctl-rules-none.txt", ""],
    ]),
  ];
  fs.mkdirSync(path.join(dir, "outputs"), { recursive: true });
  fs.mkdirSync(path.join(dir, "root", "etc", "jail.conf.d"), { recursive: true });
  for (const [, file, content] of outputs) fs.writeFileSync(path.join(dir, "outputs", file), content);
  const commands = outputs.map(([argv, stdout]) => ({ argv, stdout }));
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ commands }, null, 1));
  for (const jail of range()) fs.writeFileSync(path.join(dir, "root", "etc", "jail.conf.d", `${jailName(jail)}.conf`), jailConf(jail));
}

const range = () => Array.from({ length: JAILS }, (_, jail) => jail);

const PS_KEY = argvKey(PS_ARGV);

/** The recording, except that `ps` answers with the table of the current second. */
export class TickingRunner implements CommandRunner {
  private readonly replay: ReplayRunner;
  private readonly startedAt: number;

  constructor(
    dir: string,
    private readonly host: number,
    private readonly now: () => number = Date.now,
  ) {
    this.replay = new ReplayRunner(dir);
    this.startedAt = now();
  }

  async run(argv: readonly string[], options?: RunOptions): Promise<RunResult> {
    if (argvKey(argv) !== PS_KEY) return this.replay.run(argv, options);
    const tick = Math.floor((this.now() - this.startedAt) / 1000);
    return { exitCode: 0, stdout: psAtTick(this.host, tick), stderr: "" };
  }

  readFile = (file: string) => this.replay.readFile(file);
  listDir = (dir: string) => this.replay.listDir(dir);
  writeFile = (file: string) => this.replay.writeFile(file);
  removeFile = (file: string) => this.replay.removeFile(file);
}
