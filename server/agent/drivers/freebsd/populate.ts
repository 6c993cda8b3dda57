import path from "node:path";
import { AgentError } from "../../protocol";
import type { ProgressReporter } from "../driver";
import { commandFailure, jailRootPath, mustRun, thinDataPath, type DriverContext, type FreebsdTemplate } from "./context";

const THIN_WRITABLE = ["etc", "root", "tmp", "var", "usr/local"];
const LONG_STEP = { timeoutMs: 30 * 60_000 };

interface Plan {
  /** Directories this create makes with a plain mkdir, so it owns (and may remove) them. */
  owned: string[];
  /** Only argv: each step is one command the recording runner can assert. */
  steps: string[][];
  mounts: string[];
}

function plan(ctx: DriverContext, name: string, template: FreebsdTemplate): Plan {
  const root = jailRootPath(ctx, name);
  if (template.kind === "userland") return { owned: [root], steps: [["cp", "-a", `${template.source}/`, root]], mounts: [] };
  if (template.kind === "archive") return { owned: [root], steps: [["tar", "-x", "-f", template.archive, "-C", root]], mounts: [] };
  const data = thinDataPath(ctx, name);
  const steps: string[][] = [];
  const mounts = [`${template.base} ${root} nullfs ro 0 0`];
  for (const dir of THIN_WRITABLE) {
    steps.push(["mkdir", "-p", `${data}/${dir}`], ["cp", "-a", `${template.base}/${dir}/`, `${data}/${dir}`]);
    mounts.push(`${data}/${dir} ${root}/${dir} nullfs rw 0 0`);
  }
  return { owned: [root, data], steps, mounts };
}

/** No -p: copying into a leftover, or into another tool's jail, must not happen silently. */
async function makeOwned(ctx: DriverContext, dir: string): Promise<void> {
  const argv = ["mkdir", dir];
  const result = await ctx.runner.run(argv);
  if (result.exitCode === 0) return;
  if (result.stderr.includes("File exists")) {
    throw new AgentError(
      "conflict",
      `${dir} already exists (left by an earlier create or another tool); remove it or choose another name`,
      { path: dir },
    );
  }
  throw commandFailure(argv, result);
}

/** Removes what a failed create made; errors are ignored so the create's own error surfaces. */
async function removeOwned(ctx: DriverContext, made: string[]): Promise<void> {
  for (const dir of [...made].reverse()) {
    if (path.posix.dirname(dir) !== ctx.jailsRoot) continue;
    // securelevel and a copied userland leave schg flags that make rm fail.
    await ctx.runner.run(["chflags", "-R", "0", dir], LONG_STEP).catch(() => undefined);
    await ctx.runner.run(["rm", "-rf", dir], LONG_STEP).catch(() => undefined);
  }
}

/**
 * Makes the jail's directories and fills them, then runs `finish` (writing the conf) with the
 * fstab lines; if anything fails, what this create made is removed and the error rethrown.
 */
export async function populateJail(
  ctx: DriverContext,
  name: string,
  template: FreebsdTemplate,
  progress: ProgressReporter,
  finish: (mounts: string[]) => Promise<void>,
): Promise<void> {
  const { owned, steps, mounts } = plan(ctx, name, template);
  const made: string[] = [];
  try {
    for (const dir of owned) {
      await makeOwned(ctx, dir);
      made.push(dir);
    }
    for (const [index, argv] of steps.entries()) {
      progress(`${argv[0]} ${argv.at(-1)}`, index / steps.length);
      await mustRun(ctx, argv, LONG_STEP);
    }
    await finish(mounts);
  } catch (error) {
    await removeOwned(ctx, made);
    throw error;
  }
}
