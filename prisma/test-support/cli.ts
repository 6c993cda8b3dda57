import { spawn } from "node:child_process";
import path from "node:path";
import { expect } from "vitest";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const prismaCli = path.join(repoRoot, "node_modules/prisma/build/index.js");
export const SHIM = path.join(repoRoot, "prisma/offline-engine/schema-engine");

// Any download attempt goes to a closed loopback port, so a passing run proves no network was used.
const NO_NETWORK = {
  HTTPS_PROXY: "http://127.0.0.1:9",
  HTTP_PROXY: "http://127.0.0.1:9",
  https_proxy: "http://127.0.0.1:9",
  http_proxy: "http://127.0.0.1:9",
  NO_PROXY: "",
  no_proxy: "",
  CHECKPOINT_DISABLE: "1",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
};

export interface CliResult {
  status: number | null;
  output: string;
}

/** Runs the stock Prisma CLI (asynchronously, so a test's own servers keep running). */
export function runPrisma(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [prismaCli, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { ...process.env, ...NO_NETWORK, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("close", (status) => resolve({ status, output }));
  });
}

/** `migrate deploy` on a fresh database, then `migrate status`: what a newcomer's first start does. */
export async function expectDeployThenUpToDate(env: Record<string, string>, created: RegExp): Promise<void> {
  const deploy = await runPrisma(["migrate", "deploy"], { env });
  expect(deploy.output).toMatch(created);
  expect(deploy.output).toMatch(/All migrations have been successfully applied/);
  expect(deploy.status).toBe(0);

  const status = await runPrisma(["migrate", "status"], { env });
  expect(status.output).toMatch(/Database schema is up to date!/);
  expect(status.status).toBe(0);
}
