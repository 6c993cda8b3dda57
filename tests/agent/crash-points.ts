import { chmod, mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * Stands in for an LXC tool on the agent's PATH (installed under that tool's name) and holds at
 * one point of the real one, so the agent is killed exactly there: before the tool runs, while
 * it runs, or after it finished. The wrapper is left running, as the real tool would be when its
 * agent dies. "during" keeps the agent waiting even when the real tool ends first (a busybox
 * jail's destroy can end before the kill lands).
 */
const WRAPPER = `#!/bin/sh
dir=$(dirname "$0")
real=/usr/bin/$(basename "$0")
case "$(cat "$dir/mode.$(basename "$0")" 2>/dev/null)" in
  before) touch "$dir/reached"; sleep 60; exec "$real" "$@" ;;
  during) "$real" "$@" & touch "$dir/reached"; sleep 60; wait $! ;;
  after) "$real" "$@"; touch "$dir/reached"; sleep 60 ;;
  *) exec "$real" "$@" ;;
esac
`;

export type CrashPoint = "before" | "during" | "after" | "normal";

export const exists = (p: string) =>
  readFile(p).then(
    () => true,
    () => false,
  );

/** The holding wrapper in DIR under each tool's name: put DIR first on the agent's PATH. */
export async function installHoldingTools(dir: string, tools: readonly string[]): Promise<void> {
  await mkdir(dir);
  await writeFile(path.join(dir, "wrapper"), WRAPPER);
  await chmod(path.join(dir, "wrapper"), 0o755);
  for (const tool of tools) await symlink(path.join(dir, "wrapper"), path.join(dir, tool));
}

/** The next run of TOOL holds at POINT ("normal": runs straight through). */
export async function holdAt(dir: string, tool: string, point: CrashPoint): Promise<void> {
  await writeFile(path.join(dir, `mode.${tool}`), point);
  await rm(path.join(dir, "reached"), { force: true });
}

export const holdReached = (dir: string) => exists(path.join(dir, "reached"));

/** Processes whose command line names the jail: what a crashed operation could leave running. */
export async function processesNaming(name: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of (await readdir("/proc")).filter((p) => /^\d+$/.test(p))) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    if (cmdline.split("\0").includes(name)) found.push(`${pid}: ${cmdline.replaceAll("\0", " ")}`);
  }
  return found;
}
