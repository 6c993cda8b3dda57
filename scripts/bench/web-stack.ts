import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { agentPlace, startAgentProcess, stopAgentProcess } from "../../e2e/fixtures/agent";
import { claimAdmin, startWeb, webEnv } from "../../e2e/fixtures/web-server";
import type { Cleanup } from "./harness";

const run = promisify(execFile);

export interface WebStack {
  origin: string;
  webPid: number;
  agentPid: number;
  /** The agent's private LXC path, for baselines that run LXC by hand beside it. */
  lxcPath: string;
  cookie: string;
  /** The admin's own password (after the one-time one), for benches that sign in in a browser. */
  adminPassword: string;
  agentSocket: string;
  /** The web's data folder (database, fleet CA), for benches that enrol hosts into it. */
  dataDir: string;
}

/** The production build the benches measure; built once if missing. */
export async function ensureBuild(log: (message: string) => void): Promise<void> {
  if (fs.existsSync(".next/BUILD_ID")) return;
  log("building the web app (next build)");
  await run("npx", ["next", "build"], { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" }, maxBuffer: 64 << 20 });
}

/** A real agent (Linux driver) and a production web process on a private port, signed in as admin. */
export async function startWebStack(cleanup: Cleanup, port: number, extraEnv: Record<string, string> = {}): Promise<WebStack> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "stockade-bench-"));
  cleanup.add(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const place = agentPlace(dataDir, "linux");
  const agent = await cleanup.adopt(
    () => startAgentProcess(place, path.join(dataDir, "agent.log")),
    (child) => stopAgentProcess(child, place),
  );
  const env = { ...webEnv(dataDir, port), STOCKADE_AGENT_SOCKET: place.socketPath, ...extraEnv };
  const web = await cleanup.adopt(
    () => startWeb(env, path.join(dataDir, "web.log")),
    async (started) => void started.child.kill("SIGTERM"),
  );
  const origin = `http://127.0.0.1:${port}`;
  const admin = await claimAdmin(origin, web.adminPassword);
  return {
    origin,
    webPid: web.child.pid!,
    agentPid: agent.pid!,
    lxcPath: place.lxcPath,
    agentSocket: place.socketPath,
    cookie: admin.cookie,
    adminPassword: admin.password,
    dataDir,
  };
}

/** User + system CPU time of a process so far, in seconds. */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export function rssMegabytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}
