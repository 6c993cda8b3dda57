import { AgentError, freebsdPackageNameSchema, type InstallPackagesResult } from "../../protocol";
import type { OutputSink, ProgressReporter } from "../driver";
import type { DriverContext } from "./context";
import { findJailRecord } from "./jails";
import { assertRunning } from "./observe";

const INSTALL_TIMEOUT_MS = 30 * 60_000;

/** pkg's own report of each package it installs: "[1/3] Installing nginx-1.26.2_1,3...". */
export function parseInstalled(output: string): string[] {
  return [...output.matchAll(/^\[\d+\/\d+\] Installing (\S+?)\.\.\./gm)].map((m) => m[1]!);
}

/** `pkg -j NAME install -y …`: pkg(8) attaches to the jail and installs from the repositories it is configured with. */
export async function installPackages(
  ctx: DriverContext,
  name: string,
  packages: string[],
  progress: ProgressReporter,
  output: OutputSink,
): Promise<InstallPackagesResult> {
  const bad = packages.find((p) => !freebsdPackageNameSchema.safeParse(p).success);
  if (bad !== undefined) throw new AgentError("invalid_input", `${bad} is not a FreeBSD package name`, { field: "packages" });
  assertRunning(await findJailRecord(ctx, name));
  const argv = ["pkg", "-j", name, "install", "-y", ...packages];
  progress(argv.join(" "), null);
  const result = await ctx.runner.run(argv, {
    timeoutMs: INSTALL_TIMEOUT_MS,
    onLine: (line) => {
      output(`${line}\n`);
      progress(line, null);
    },
  });
  return { jail: name, installed: parseInstalled(result.stdout), output: result.stdout };
}

/** Files are written from inside the jail by the Linux driver only; FreeBSD jails get theirs from templates. */
export function writeJailFile(): Promise<number> {
  return Promise.reject(new AgentError("unsupported", "Writing files into FreeBSD jails is not supported"));
}
