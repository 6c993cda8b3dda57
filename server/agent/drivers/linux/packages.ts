import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { AgentError, debianPackageNameSchema, type InstallPackagesResult } from "../../protocol";
import type { OutputSink, ProgressReporter } from "../driver";
import type { LinuxContext } from "./context";
import { attachOrFail } from "./jail-files";
import { requireRunning } from "./jails";

const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;
const DPKG_TIMEOUT_SECONDS = 20 * 60;

/** The package a .deb file holds: apt names archives NAME_VERSION_ARCH.deb. */
export const packageOfDeb = (file: string) => file.split("_")[0]!;

async function checkJail(ctx: LinuxContext, name: string, packages: string[]): Promise<void> {
  const bad = packages.find((p) => !debianPackageNameSchema.safeParse(p).success);
  if (bad !== undefined) throw new AgentError("invalid_input", `${bad} is not a Debian package name`, { field: "packages" });
  const def = await ctx.store.get(name);
  if (def?.template !== "debian") {
    throw new AgentError("unsupported", `${name} is not a Debian jail: packages install into jails made from the debian template`, {
      jail: name,
    });
  }
  await requireRunning(ctx, name);
}

/** apt downloads as the unprivileged _apt user where the host has one (APT's own sandbox). */
async function aptUid(): Promise<number | null> {
  const passwd = await readFile("/etc/passwd", "utf8").catch(() => "");
  const line = passwd.split("\n").find((l) => l.startsWith("_apt:"));
  const uid = Number(line?.split(":")[2]);
  return Number.isInteger(uid) ? uid : null;
}

/**
 * The host's apt resolves the packages against the jail's dpkg status (copied out through
 * lxc-attach, so the host never opens a path inside the jail) and downloads the .debs
 * into a private directory. The jail has no route out; the host's sources are the sources.
 */
interface Report {
  progress: ProgressReporter;
  /** apt's and dpkg's lines as they print them, for the page. */
  output: OutputSink;
}

/** Every line goes to the page as it comes; progress keeps the newest one as the step. */
const streamed = (report: Report) => (line: string) => {
  report.output(`${line}\n`);
  report.progress(line, null);
};

async function download(ctx: LinuxContext, name: string, packages: string[], work: string, report: Report): Promise<string[]> {
  const status = await attachOrFail(ctx, name, ["cat", "/var/lib/dpkg/status"]);
  await writeFile(path.join(work, "status"), status.stdout);
  const archives = path.join(work, "archives");
  await mkdir(path.join(archives, "partial"), { recursive: true });
  const uid = await aptUid();
  if (uid !== null) {
    await chmod(work, 0o711);
    await Promise.all([archives, path.join(archives, "partial")].map((d) => chown(d, uid, 0)));
  }
  const options = [
    `Dir::State::status=${path.join(work, "status")}`,
    `Dir::Cache::archives=${archives}`,
    "Dir::Cache::pkgcache=",
    "Dir::Cache::srcpkgcache=",
  ];
  report.progress(`apt-get install --download-only ${packages.join(" ")}`, 0);
  const result = await ctx.runner.run(
    [
      "apt-get",
      "install",
      "--download-only",
      "--no-install-recommends",
      "-y",
      "-q",
      ...options.flatMap((o) => ["-o", o]),
      "--",
      ...packages,
    ],
    { timeoutMs: DOWNLOAD_TIMEOUT_MS, allowFailure: true, onLine: streamed(report) },
  );
  if (result.exitCode !== 0) {
    const missing = /Unable to locate package (\S+)/.exec(result.stderr + result.stdout);
    if (missing) throw new AgentError("not_found", `No package named ${missing[1]} in the host's package sources`, { field: "packages" });
    const output = (result.stderr || result.stdout).trim().split("\n").slice(-5).join("\n");
    throw new AgentError("engine_failed", `apt-get failed (exit ${result.exitCode}): ${output}`, { jail: name });
  }
  return (await readdir(archives)).filter((f) => f.endsWith(".deb")).sort();
}

/** The .debs go in through the jail's stdin and dpkg installs them inside the jail, postinst scripts and all. */
async function installInJail(ctx: LinuxContext, name: string, work: string, debs: string[], report: Report): Promise<string> {
  const dir = (await attachOrFail(ctx, name, ["mktemp", "-d", "/tmp/stockade-packages.XXXXXX"])).stdout.trim();
  if (!/^\/tmp\/stockade-packages\.[A-Za-z0-9]+$/.test(dir))
    throw new AgentError("engine_failed", `mktemp in ${name} answered ${JSON.stringify(dir)}`);
  try {
    for (const [i, deb] of debs.entries()) {
      report.progress(`copying ${deb} into ${name}`, (i + 1) / (debs.length + 1));
      await attachOrFail(ctx, name, ["dd", `of=${dir}/${deb}`, "bs=65536"], { input: await readFile(path.join(work, "archives", deb)) });
    }
    const dpkg = [
      "env",
      "DEBIAN_FRONTEND=noninteractive",
      "dpkg",
      "--force-confdef",
      "--force-confold",
      "-i",
      ...debs.map((d) => `${dir}/${d}`),
    ];
    const result = await attachOrFail(ctx, name, dpkg, { onLine: streamed(report) }, DPKG_TIMEOUT_SECONDS);
    return result.stdout;
  } finally {
    await ctx.lxc.attach(name, ["rm", "-rf", dir], 60);
  }
}

export async function installPackages(
  ctx: LinuxContext,
  name: string,
  packages: string[],
  progress: ProgressReporter,
  output: OutputSink,
): Promise<InstallPackagesResult> {
  await checkJail(ctx, name, packages);
  const report = { progress, output };
  const work = await mkdtemp(path.join(tmpdir(), "stockade-packages-"));
  try {
    const debs = await download(ctx, name, packages, work, report);
    if (debs.length === 0) {
      progress(`${packages.join(", ")} already installed in ${name}`, 1);
      return { jail: name, installed: [], output: "" };
    }
    const dpkgOutput = await installInJail(ctx, name, work, debs, report);
    return { jail: name, installed: debs.map(packageOfDeb), output: dpkgOutput };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
