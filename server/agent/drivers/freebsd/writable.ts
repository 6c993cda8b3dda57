/**
 * Which of the files a plan writes the host would refuse: an immutable or append-only file
 * flag (chflags schg/uchg/sappnd/uappnd, as `stat -f %Sf` prints them) or a file system
 * mounted read-only (`mount -p`). Asked while planning, so the plan says so and apply refuses
 * before anything is written, instead of failing halfway. The mode is not asked: the agent
 * runs as root, which writes a file whatever its mode.
 */
import path from "node:path";
import { AgentError } from "../../protocol";
import type { DriverContext } from "./context";

export interface Unwritable {
  file: string;
  reason: string;
}

const LOCKING_FLAGS: Record<string, string> = {
  schg: "system immutable (schg)",
  uchg: "user immutable (uchg)",
  sappnd: "system append-only (sappnd)",
  uappnd: "user append-only (uappnd)",
};

export const MOUNTS_ARGV = ["mount", "-p"];
export const flagsArgv = (file: string) => ["stat", "-f", "%Sf", file];

/** The read-only mount point holding `file`, or null (the longest mount point above it decides). */
function readOnlyMount(mounts: string, file: string): string | null {
  let best: { point: string; readOnly: boolean } | null = null;
  for (const line of mounts.split("\n")) {
    const [, point, , options = ""] = line.trim().split(/\s+/);
    if (!point?.startsWith("/")) continue;
    const holds = point === "/" || file === point || file.startsWith(`${point}/`);
    if (holds && (!best || point.length > best.point.length)) best = { point, readOnly: options.split(",").includes("ro") };
  }
  return best?.readOnly ? best.point : null;
}

/** A file that does not exist yet is judged by its directory (an immutable directory takes no new file). */
async function flagReason(ctx: DriverContext, file: string): Promise<string | null> {
  const exists = (await ctx.runner.readFile(file)) !== null;
  const target = exists ? file : path.posix.dirname(file);
  const result = await ctx.runner.run(flagsArgv(target), { allowFailure: true });
  if (result.exitCode !== 0) return null;
  const locking = result.stdout
    .trim()
    .split(",")
    .flatMap((flag) => (LOCKING_FLAGS[flag] ? [LOCKING_FLAGS[flag]] : []));
  if (locking.length === 0) return null;
  return `${exists ? "the file" : `its directory ${target}`} is ${locking.join(" and ")}`;
}

export async function unwritableFiles(ctx: DriverContext, files: readonly string[]): Promise<Unwritable[]> {
  const mounts = (await ctx.runner.run(MOUNTS_ARGV, { allowFailure: true })).stdout;
  const found: Unwritable[] = [];
  for (const file of files) {
    const point = readOnlyMount(mounts, file);
    const reason = point ? `it is on ${point}, mounted read-only` : await flagReason(ctx, file);
    if (reason) found.push({ file, reason });
  }
  return found;
}

export const unwritableWarnings = (found: readonly Unwritable[]) =>
  found.map(({ file, reason }) => `${file} cannot be written: ${reason}. Applying this plan is refused until that changes.`);

/** apply's first check: nothing runs when a file the plan writes is locked. */
export function refuseUnwritable(found: readonly Unwritable[] | undefined): void {
  const [first] = found ?? [];
  if (!first) return;
  throw new AgentError("read_only", `${first.file} cannot be written: ${first.reason}`, { file: first.file, unwritable: found });
}
