import { access, chmod, copyFile, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { AgentError, type Template } from "../../protocol";
import type { ProgressReporter } from "../driver";
import type { Runner } from "./runner";

export const DEBIAN_BASE = "debian-bookworm";
const DEBIAN_MIRROR = "http://deb.debian.org/debian";
const INIT_STATIC = "/usr/sbin/init.lxc.static";
const BUSYBOX_TEMPLATE = "/usr/share/lxc/templates/lxc-busybox";

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

export interface TemplateContext {
  runner: Runner;
  lxcPath: string;
  templateDir: string;
  /** An LXC config with no network, so lxc-create does not pick up /etc/lxc/default.conf. */
  createConfig: string;
}

export async function listTemplates(ctx: TemplateContext): Promise<Template[]> {
  const debianReady = await exists(path.join(ctx.templateDir, DEBIAN_BASE, "rootfs", "sbin", "init.lxc"));
  return [
    {
      name: "busybox",
      description: "BusyBox userland from the host's busybox (2 MB, seconds to create)",
      ready: await exists(BUSYBOX_TEMPLATE),
    },
    {
      name: "debian",
      description: debianReady
        ? "Debian 12 minbase, a thin overlay over a cached read-only base"
        : "Debian 12 minbase, a thin overlay over a read-only base (the first create builds the base with debootstrap, about a minute)",
      ready: debianReady,
    },
  ];
}

export async function createBusybox(ctx: TemplateContext, name: string): Promise<void> {
  await ctx.runner.run("lxc-create", ["-P", ctx.lxcPath, "-n", name, "-t", "busybox", "-f", ctx.createConfig], { timeoutMs: 120_000 });
  // udhcpc blocks init, replaces the static address and makes the first stop take 60 s.
  const rcS = path.join(ctx.lxcPath, name, "rootfs", "etc", "init.d", "rcS");
  const script = await readFile(rcS, "utf8");
  await writeFile(
    rcS,
    script
      .split("\n")
      .filter((line) => !line.includes("udhcpc"))
      .join("\n"),
    { mode: 0o744 },
  );
}

function baseConfig(baseDir: string): string {
  return [
    "lxc.include = /usr/share/lxc/config/common.conf",
    "lxc.arch = linux64",
    `lxc.rootfs.path = dir:${path.join(baseDir, "rootfs")}`,
    `lxc.uts.name = ${DEBIAN_BASE}`,
    `lxc.init.cmd = /sbin/init.lxc -n ${DEBIAN_BASE} -- /bin/sleep infinity`,
    "lxc.autodev = 1",
    "",
  ].join("\n");
}

async function buildDebianBase(ctx: TemplateContext, progress: ProgressReporter): Promise<void> {
  const build = path.join(ctx.templateDir, `.build-${DEBIAN_BASE}`);
  const final = path.join(ctx.templateDir, DEBIAN_BASE);
  await rm(build, { recursive: true, force: true });
  await mkdir(build, { recursive: true });
  progress("debootstrap --variant=minbase bookworm", 0);
  let packages = 0;
  await ctx.runner.run("debootstrap", ["--variant=minbase", "bookworm", path.join(build, "rootfs"), DEBIAN_MIRROR], {
    timeoutMs: 30 * 60_000,
    onLine: (line) => {
      if (
        line.startsWith("I: Retrieving") ||
        line.startsWith("I: Extracting") ||
        line.startsWith("I: Unpacking") ||
        line.startsWith("I: Configuring")
      )
        packages++;
      progress(line.replace(/^I: /, ""), Math.min(0.95, packages / 600));
    },
  });
  const init = path.join(build, "rootfs", "sbin", "init.lxc");
  await copyFile(INIT_STATIC, init);
  await chmod(init, 0o755);
  await rm(path.join(build, "rootfs", "var", "cache", "apt", "archives"), { recursive: true, force: true });
  await mkdir(path.join(build, "rootfs", "var", "cache", "apt", "archives", "partial"), { recursive: true });
  await rm(final, { recursive: true, force: true });
  await rename(build, final);
  await writeFile(path.join(final, "config"), baseConfig(final));
  progress("base ready", 1);
}

let building: Promise<void> | null = null;

/** One build at a time; concurrent creates wait for the same one. */
export async function ensureDebianBase(ctx: TemplateContext, progress: ProgressReporter): Promise<void> {
  if (await exists(path.join(ctx.templateDir, DEBIAN_BASE, "config"))) return;
  if (!(await exists(INIT_STATIC))) throw new AgentError("unavailable", `${INIT_STATIC} is missing: apt-get install -y lxc`);
  building ??= buildDebianBase(ctx, progress).finally(() => {
    building = null;
  });
  await building;
}

export async function createDebian(ctx: TemplateContext, name: string, progress: ProgressReporter): Promise<void> {
  await ensureDebianBase(ctx, progress);
  await ctx.runner.run("lxc-copy", ["-P", ctx.templateDir, "-n", DEBIAN_BASE, "-N", name, "-p", ctx.lxcPath, "-s", "-B", "overlay"], {
    timeoutMs: 120_000,
  });
}
