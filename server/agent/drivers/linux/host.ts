import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { HostInfo } from "../../protocol";
import { AGENT_VERSION } from "../../version";

async function prettyOsName(): Promise<string> {
  const text = await readFile("/etc/os-release", "utf8").catch(() => "");
  return /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text)?.[1] ?? "Linux";
}

export async function linuxHostInfo(lxcPath: string): Promise<HostInfo> {
  return {
    hostname: os.hostname(),
    os: await prettyOsName(),
    kernel: os.release(),
    driver: "linux",
    recorded: false,
    cpuCount: os.cpus().length,
    memoryBytes: os.totalmem(),
    agentVersion: AGENT_VERSION,
    accounting: "kernel",
    lxcPath: path.resolve(lxcPath),
  };
}
