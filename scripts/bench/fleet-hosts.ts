/**
 * The fleet bench's simulated hosts: one fake agent process each (fleet-agent.ts) on a free
 * loopback port, its certificate from the web's own fleet CA, enrolled with the real
 * `host add` code path so the web reaches it exactly as it reaches a real remote agent.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { addHost } from "../lib/host-add";
import { createPrismaClient } from "../../server/db/client";
import type { Db } from "../../server/db/types";
import { agentBundle, ensureFleetIdentity, fleetDir } from "../../server/fleet/store";
import type { Cleanup } from "./harness";
import { writeFleetRecording } from "./fleet-recording";

const AGENT_SCRIPT = path.resolve(import.meta.dirname, "fleet-agent.ts");
const LOOPBACK = "127.0.0.1";
const START_TIMEOUT_MS = 60_000;

export interface FleetAgent {
  name: string;
  pid: number;
  address: string;
}

export const fleetHostName = (number: number) => `fleet${String(number).padStart(2, "0")}`;

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Resolves with the port the agent prints once it listens; rejects if it exits or stays silent. */
function listeningPort(child: ChildProcess, logFile: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(
      () => reject(new Error(`fleet agent did not listen within ${START_TIMEOUT_MS} ms; see ${logFile}`)),
      START_TIMEOUT_MS,
    );
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const port = /listening on (\d+)/.exec(output)?.[1];
      if (!port) return;
      clearTimeout(timer);
      resolve(Number(port));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`fleet agent exited with ${code}; see ${logFile}`));
    });
  });
}

/** Host `number`'s recording and certificate under `dir`: one at a time (the CA's files are written in place). */
export async function prepareFleetHost(dataDir: string, dir: string, number: number): Promise<PreparedHost> {
  const name = fleetHostName(number);
  const recording = path.join(dir, name);
  writeFleetRecording(recording, number);
  const fleet = fleetDir(dataDir);
  const bundle = await agentBundle(fleet, (await ensureFleetIdentity(fleet)).ca, name, LOOPBACK);
  return { name, number, recording, tlsDir: bundle.dir, logFile: path.join(dir, `${name}.log`) };
}

export interface PreparedHost {
  name: string;
  number: number;
  recording: string;
  tlsDir: string;
  logFile: string;
}

/** The prepared host's agent process, stopped by pid at cleanup. */
export async function startFleetAgent(host: PreparedHost, cleanup: Cleanup): Promise<FleetAgent> {
  const log = fs.openSync(host.logFile, "a");
  const child = spawn(process.execPath, ["--import", "tsx", AGENT_SCRIPT, host.recording, String(host.number), host.tlsDir], {
    stdio: ["ignore", "pipe", log],
  });
  fs.closeSync(log);
  cleanup.add(
    () => stopChild(child),
    () => void child.kill("SIGKILL"),
  );
  const port = await listeningPort(child, host.logFile);
  return { name: host.name, pid: child.pid!, address: `${LOOPBACK}:${port}` };
}

/** The web's own database, for enrolling hosts as `host add` does. */
export function webDatabase(dataDir: string, cleanup: Cleanup): Db {
  const db = createPrismaClient(`file:${path.join(dataDir, "stockade.db")}`);
  cleanup.add(() => db.$disconnect());
  return db;
}

/** `host add NAME ADDRESS --yes`: records the host pinned to its certificate, after reaching it once. */
export async function enrol(agent: FleetAgent, dataDir: string, db: Db): Promise<void> {
  const lines: string[] = [];
  const print = (line: string) => void lines.push(line);
  const recorded = await addHost(
    { name: agent.name, address: agent.address, yes: true },
    { dataDir, db, print, confirm: async () => false },
  );
  if (!recorded || !lines.some((line) => line.startsWith("  reachable:"))) {
    throw new Error(`enrolling ${agent.name} failed:\n${lines.join("\n")}`);
  }
}
