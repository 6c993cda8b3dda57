import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../scripts/lib/free-port";

// A throwaway redis-server for integration tests: loopback only, no persistence, its own
// working directory, stopped by PID. restart() brings it back on the same port.

export const REDIS_SERVER = "/usr/bin/redis-server";

export const redisInstalled = (): boolean => existsSync(REDIS_SERVER);

export interface TestRedis {
  url: string;
  kill(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

function launch(port: number, dir: string): Promise<ChildProcess> {
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir];
  const child = spawn(REDIS_SERVER, args, { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
  });
}

async function killByPid(child: ChildProcess | null): Promise<void> {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  process.kill(child.pid, "SIGKILL");
  await exited;
}

export async function startRedis(): Promise<TestRedis> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "fleetweb-redis-"));
  const port = await freePort();
  let child: ChildProcess | null = await launch(port, dir);
  return {
    url: `redis://127.0.0.1:${port}`,
    async kill() {
      await killByPid(child);
      child = null;
    },
    async restart() {
      child = await launch(port, dir);
    },
    async stop() {
      await killByPid(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
