import { createHash } from "node:crypto";
import { access, mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ProgressReporter } from "../driver";
import type { Runner } from "../shared/runner";
import { SYSVINIT_DONE_LINE } from "./contain/shutdown-done";

const DEBIAN_MIRROR = "http://deb.debian.org/debian";
const SUITE = "bookworm";
/** What every Debian jail boots with: sysvinit runs /etc/inittab and the rc scripts of runlevel 2. */
export const DEBIAN_BASE_PACKAGES = ["sysvinit-core"] as const;

/**
 * The base's directory name is derived from its package set: a base with other packages is a
 * new directory beside the old one, so jails cloned from the old base keep their lower layer.
 */
export function debianBaseName(packages: readonly string[] = DEBIAN_BASE_PACKAGES): string {
  const digest = createHash("sha256")
    .update([...packages].sort().join("\n"))
    .digest("hex")
    .slice(0, 10);
  return `debian-${SUITE}-${digest}`;
}

export const DEBIAN_BASE = debianBaseName();

/**
 * Debian's inittab without gettys (a jail has no terminals of its own; the console is
 * attached through lxc-attach), with SIGPWR — lxc-stop's halt signal — bound to runlevel 0,
 * and runlevel 0 ending with the line that tells the agent the shutdown is done.
 */
export const JAIL_INITTAB = `# Written by Stockade: sysvinit inside an LXC jail.
id:2:initdefault:
si::sysinit:/etc/init.d/rcS
l0:0:wait:/etc/init.d/rc 0
l1:1:wait:/etc/init.d/rc 1
l2:2:wait:/etc/init.d/rc 2
l3:3:wait:/etc/init.d/rc 3
l4:4:wait:/etc/init.d/rc 4
l5:5:wait:/etc/init.d/rc 5
l6:6:wait:/etc/init.d/rc 6
ca:12345:ctrlaltdel:/sbin/shutdown -t1 -a -r now
p0::powerfail:/sbin/init 0
${SYSVINIT_DONE_LINE}
`;

function baseConfig(baseDir: string): string {
  return [
    "lxc.include = /usr/share/lxc/config/common.conf",
    "lxc.arch = linux64",
    `lxc.rootfs.path = dir:${path.join(baseDir, "rootfs")}`,
    `lxc.uts.name = ${DEBIAN_BASE}`,
    "lxc.init.cmd = /sbin/init",
    "lxc.autodev = 1",
    "",
  ].join("\n");
}

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

export const debianBaseReady = (templateDir: string) => exists(path.join(templateDir, DEBIAN_BASE, "config"));

const buildDir = (templateDir: string) => path.join(templateDir, `.build-${DEBIAN_BASE}`);

/** The command a plan shows for a base that is not built yet, and the one the build runs. */
export const debootstrapArgv = (templateDir: string): string[] => [
  "debootstrap",
  "--variant=minbase",
  `--include=${DEBIAN_BASE_PACKAGES.join(",")}`,
  SUITE,
  path.join(buildDir(templateDir), "rootfs"),
  DEBIAN_MIRROR,
];

/** debootstrap into a hidden directory, renamed into place only when complete. */
export async function buildDebianBase(runner: Runner, templateDir: string, progress: ProgressReporter): Promise<void> {
  const build = buildDir(templateDir);
  const final = path.join(templateDir, DEBIAN_BASE);
  const rootfs = path.join(build, "rootfs");
  await rm(build, { recursive: true, force: true });
  await mkdir(build, { recursive: true });
  const argv = debootstrapArgv(templateDir);
  progress(argv.slice(1, 4).join(" "), 0);
  let packages = 0;
  await runner.run(argv, {
    timeoutMs: 30 * 60_000,
    onLine: (line) => {
      if (/^I: (Retrieving|Extracting|Unpacking|Configuring)/.test(line)) packages++;
      progress(line.replace(/^I: /, ""), Math.min(0.95, packages / 600));
    },
  });
  await writeFile(path.join(rootfs, "etc", "inittab"), JAIL_INITTAB, { mode: 0o644 });
  await rm(path.join(rootfs, "var", "cache", "apt", "archives"), { recursive: true, force: true });
  await mkdir(path.join(rootfs, "var", "cache", "apt", "archives", "partial"), { recursive: true });
  await rm(final, { recursive: true, force: true });
  await rename(build, final);
  await writeFile(path.join(final, "config"), baseConfig(final));
  progress("base ready", 1);
}
