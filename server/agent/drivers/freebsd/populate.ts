import path from "node:path";
import { jailRootPath, thinDataPath, type DriverContext, type FreebsdTemplate } from "./context";

const THIN_WRITABLE = ["etc", "root", "tmp", "var", "usr/local"];
export const LONG_STEP = { timeoutMs: 30 * 60_000 };

export interface PopulatePlan {
  /** Directories this create makes with a plain mkdir, so it owns (and may remove) them. */
  owned: string[];
  /** Only argv: each step is one command the recording runner can assert. */
  steps: string[][];
  mounts: string[];
}

export function populatePlan(ctx: DriverContext, name: string, template: FreebsdTemplate): PopulatePlan {
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

/** Removes what a failed create made; errors are ignored so the create's own error surfaces. */
export async function removeOwned(ctx: DriverContext, made: string[]): Promise<void> {
  for (const dir of [...made].reverse()) {
    if (path.posix.dirname(dir) !== ctx.jailsRoot) continue;
    // securelevel and a copied userland leave schg flags that make rm fail.
    await ctx.runner.run(["chflags", "-R", "0", dir], LONG_STEP).catch(() => undefined);
    await ctx.runner.run(["rm", "-rf", dir], LONG_STEP).catch(() => undefined);
  }
}
