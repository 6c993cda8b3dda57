import { access, stat } from "node:fs/promises";
import path from "node:path";
import { withProgress } from "../../lib/progress";
import type { AgentEvent, Template, TemplateSize } from "../../protocol";
import type { ProgressReporter } from "../driver";
import { installBusyboxInit } from "./busybox-init";
import { buildDebianBase, DEBIAN_BASE, debianBaseReady } from "./debian-base";
import type { Runner } from "../shared/runner";

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
  /** The host's mount table the agent reads to know what it mounted (tests give a file of their own). */
  mountinfo: string;
  /** The driver's event stream: a template build reports there as "template:NAME", for every create form. */
  emit: (event: AgentEvent) => void;
}

/** lxc-busybox copies the busybox it finds on PATH into each jail: that copy is the jail's size. */
async function busyboxSize(): Promise<TemplateSize | null> {
  for (const dir of (process.env.PATH ?? "/usr/bin:/bin").split(":")) {
    const found = await stat(path.join(dir, "busybox")).catch(() => null);
    if (found?.isFile()) return { bytes: found.size, of: "each-jail" };
  }
  return null;
}

/** A built base never changes (a new package set is a new directory): measured once per agent. */
const measured = new Map<string, number>();

async function diskUsage(runner: Runner, dir: string): Promise<number> {
  const known = measured.get(dir);
  if (known !== undefined) return known;
  const { stdout } = await runner.run(["du", "-s", "-B1", dir], { timeoutMs: 60_000 });
  const bytes = Number.parseInt(stdout, 10);
  measured.set(dir, bytes);
  return bytes;
}

export async function listTemplates(ctx: TemplateContext): Promise<Template[]> {
  const debianReady = await debianBaseReady(ctx.templateDir);
  return [
    {
      name: "busybox",
      description: "BusyBox userland from the host's busybox (seconds to create, nothing downloaded)",
      ready: await exists(BUSYBOX_TEMPLATE),
      size: await busyboxSize(),
    },
    {
      name: "debian",
      description: debianReady
        ? "Debian 12 minbase booting sysvinit, a thin overlay over a cached read-only base"
        : "Debian 12 minbase booting sysvinit, a thin overlay over a read-only base (the first create builds the base with debootstrap, about a minute)",
      ready: debianReady,
      size: debianReady ? { bytes: await diskUsage(ctx.runner, path.join(ctx.templateDir, DEBIAN_BASE)), of: "shared" } : null,
    },
  ];
}

/** With an id map in `createConfig`, lxc-create runs the template mapped and chowns the rootfs to the jail's root. */
export const busyboxCreateArgv = (ctx: TemplateContext, name: string, createConfig = ctx.createConfig): string[] => [
  "lxc-create",
  "-P",
  ctx.lxcPath,
  "-n",
  name,
  "-t",
  "busybox",
  "-f",
  createConfig,
];

/** Where an unprivileged busybox jail's create config (its id map) is written for lxc-create. */
export const idMapCreateConfig = (ctx: TemplateContext, name: string) => `${ctx.createConfig}.${name}`;

/** A freshly created rootfs, never started: nothing inside the jail has had a chance to plant links yet. */
export const installBusyboxRc = (ctx: TemplateContext, name: string) => installBusyboxInit(path.join(ctx.lxcPath, name, "rootfs"));

let building: Promise<void> | null = null;

/**
 * One build at a time; concurrent creates wait for the same one. Its progress goes to the
 * create that started it (its steps) and, under "template:debian", to the template pickers.
 */
export async function ensureDebianBase(ctx: TemplateContext, progress: ProgressReporter): Promise<void> {
  if (await debianBaseReady(ctx.templateDir)) return;
  building ??= withProgress(ctx.emit, "template:debian", (template) =>
    buildDebianBase(ctx.runner, ctx.templateDir, (message, fraction) => {
      template(message, fraction);
      progress(message, fraction);
    }),
  ).finally(() => {
    building = null;
  });
  await building;
}

export const debianCopyArgv = (ctx: TemplateContext, name: string): string[] => [
  "lxc-copy",
  "-P",
  ctx.templateDir,
  "-n",
  DEBIAN_BASE,
  "-N",
  name,
  "-p",
  ctx.lxcPath,
  "-s",
  "-B",
  "overlay",
];
