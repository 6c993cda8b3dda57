/**
 * Every jail the host's configuration defines, as jail(8) sees it: `/etc/jail.conf` (with
 * its includes, global defaults and wildcards) for jails started with plain `jail -c NAME`,
 * and each file in jail.conf.d that jail(8) is handed with -f (Stockade's own files, and
 * files /etc/jail.conf does not include). A jail remembers which file to pass to `jail -f`.
 */
import path from "node:path";
import type { ConfProblem } from "./jail-conf-lexer";
import { loadJailConf } from "./jail-conf-load";
import { effectiveParameters, readMeta, type ParsedJailConf } from "./jail-conf-parse";
import { duplicateDefinitions, resolveJails, type ConfSource } from "./jail-conf-resolve";
import type { DriverContext } from "./context";
import { bodyHash } from "./conf-seal";

export interface ConfiguredJail extends ParsedJailConf {
  /** The configuration file jail(8) is given (`jail -f FILE`) to act on this jail. */
  configFile: string;
  /** Where its block starts. */
  definedIn: ConfSource;
  /** What jail(8) would refuse this jail for; such a jail is listed but not started. */
  problems: ConfProblem[];
  /** Another manager whose files these are (Stockade still starts and stops it with jail(8)). */
  managedBy: "bastille" | null;
  /** jail(8)'s report that another block of the same configuration defines this name too. */
  duplicate?: ConfProblem;
  /** Its file's hash now, when Stockade sealed the file with the hash it wrote or accepted. */
  sealed?: { recorded: string; actual: string };
}

export interface HostConfiguration {
  jails: ConfiguredJail[];
  /** Problems that belong to no one jail (syntax, includes). */
  problems: ConfProblem[];
}

async function readConfiguration(ctx: DriverContext, root: string, managedBy: ConfiguredJail["managedBy"] = null) {
  const loaded = await loadJailConf(ctx.runner, root);
  const resolved = resolveJails(loaded.blocks);
  const duplicates = duplicateDefinitions(resolved);
  const texts = new Map(loaded.files.map((file) => [file.file, file.text]));
  const jailsIn = (file: string) => resolved.filter((jail) => jail.block.file === file).length;
  const jails = resolved.map((jail): ConfiguredJail => {
    const { file, line } = jail.block;
    // Stockade's metadata comment describes the one jail of a file it wrote.
    const meta = jailsIn(file) === 1 ? readMeta(texts.get(file) ?? "") : null;
    const own = duplicates.filter((problem) => problem.file === file && problem.line === line);
    const sealed = meta?.sha256 ? { sealed: { recorded: meta.sha256, actual: bodyHash(texts.get(file) ?? "") } } : {};
    return {
      name: jail.name,
      ...effectiveParameters(jail),
      meta,
      configFile: root,
      definedIn: { file, line },
      problems: [...jail.problems, ...own],
      managedBy,
      ...(own[0] ? { duplicate: own[0] } : {}),
      ...sealed,
    };
  });
  return { jails, problems: loaded.problems, files: loaded.files.map((file) => file.file) };
}

/** Files of jail.conf.d that are their own configuration (jail -f FILE), not part of /etc/jail.conf. */
async function separateFiles(ctx: DriverContext, includedByMain: readonly string[]): Promise<string[]> {
  const names = (await ctx.runner.listDir(ctx.confDir)).filter((name) => name.endsWith(".conf")).sort();
  const files: string[] = [];
  for (const name of names) {
    const file = path.posix.join(ctx.confDir, name);
    if (!includedByMain.includes(file)) files.push(file);
    else if (readMeta((await ctx.runner.readFile(file)) ?? "") !== null) files.push(file);
  }
  return files;
}

/** BastilleBSD keeps one jail.conf per jail in its jails directory, and starts it with jail -f. */
async function bastilleFiles(ctx: DriverContext): Promise<string[]> {
  const files: string[] = [];
  for (const name of (await ctx.runner.listDir(ctx.bastilleJailsDir)).sort()) {
    const file = path.posix.join(ctx.bastilleJailsDir, name, "jail.conf");
    if ((await ctx.runner.readFile(file)) !== null) files.push(file);
  }
  return files;
}

export async function readHostConfiguration(ctx: DriverContext): Promise<HostConfiguration> {
  const hasMain = (await ctx.runner.readFile(ctx.mainConf)) !== null;
  const main = hasMain ? await readConfiguration(ctx, ctx.mainConf) : { jails: [], problems: [], files: [] };
  const separate = await separateFiles(ctx, main.files);
  const jails = main.jails.filter((jail) => !separate.includes(jail.definedIn.file));
  const problems = [...main.problems];
  const roots = [
    ...separate.map((file) => ({ file, managedBy: null })),
    ...(await bastilleFiles(ctx)).map((file) => ({ file, managedBy: "bastille" as const })),
  ];
  for (const { file, managedBy } of roots) {
    const configuration = await readConfiguration(ctx, file, managedBy);
    jails.push(...configuration.jails);
    problems.push(...configuration.problems);
  }
  return { jails, problems };
}
