import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../scripts/lib/free-port";

// A throwaway PostgreSQL cluster for integration tests: its own data directory, socket
// directory and loopback port, trust authentication, removed again by stop().

export interface TestPostgres {
  /** URL of an existing database (`postgres`); tests put their own database name in it. */
  urlFor(database: string): string;
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

export async function startPostgres(bin: string): Promise<TestPostgres> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "stockade-pg-"));
  chmodSync(dir, 0o700);
  const owner = clusterOwner(dir);
  const data = path.join(dir, "data");
  const port = await freePort();
  runAs(owner, path.join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const serverOptions = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off`;
  runAs(owner, path.join(bin, "pg_ctl"), ["-D", data, "-o", serverOptions, "-l", path.join(dir, "log"), "-w", "start"]);
  return {
    urlFor: (database) => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    stop() {
      try {
        runAs(owner, path.join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
