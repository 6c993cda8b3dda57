import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../scripts/lib/free-port";

// A throwaway PostgreSQL cluster for integration tests: its own data directory, socket
// directory and loopback port, trust authentication, removed again by stop().

export interface TestPostgres {
  /** URL of an existing database (`postgres`); tests put their own database name in it. */
  urlFor(database: string): string;
  /** Kills the server by its postmaster PID as a crash would (SIGQUIT), keeping its data directory for resume(). */
  halt(): Promise<void>;
  /** Starts the halted server again on the same data directory and port. */
  resume(): void;
  stop(): void;
}

/** The newest installed PostgreSQL's bin directory, or undefined when it is not installed. */
export function findPostgresBin(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => path.join(root, v, "bin")).find((bin) => existsSync(path.join(bin, "initdb")));
}

/** initdb refuses to run as root, so as root the cluster belongs to the `postgres` user. */
function runAs(owner: { uid: number; gid: number } | undefined, file: string, args: string[]): void {
  const options = { stdio: "pipe" as const, ...(owner ?? {}) };
  execFileSync(file, args, options);
}

function clusterOwner(dir: string): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
  chownSync(dir, uid, gid);
  return { uid, gid };
}

/** postmaster.pid's first line is the server's PID; SIGQUIT is PostgreSQL's immediate shutdown (no checkpoint). */
async function killPostmaster(data: string): Promise<void> {
  const pid = Number(readFileSync(path.join(data, "postmaster.pid"), "utf8").split("\n")[0]);
  process.kill(pid, "SIGQUIT");
  for (let waited = 0; waited < 10_000; waited += 50) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`PostgreSQL (PID ${pid}) did not stop within 10 s of SIGQUIT`);
}

export async function startPostgres(bin: string): Promise<TestPostgres> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "stockade-pg-"));
  chmodSync(dir, 0o700);
  const owner = clusterOwner(dir);
  const data = path.join(dir, "data");
  const port = await freePort();
  runAs(owner, path.join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const serverOptions = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off`;
  const pgCtl = (args: string[]) => runAs(owner, path.join(bin, "pg_ctl"), ["-D", data, ...args]);
  const start = () => pgCtl(["-o", serverOptions, "-l", path.join(dir, "log"), "-w", "start"]);
  start();
  let running = true;
  return {
    urlFor: (database) => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    async halt() {
      await killPostmaster(data);
      running = false;
    },
    resume() {
      start();
      running = true;
    },
    stop() {
      try {
        if (running) pgCtl(["-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
