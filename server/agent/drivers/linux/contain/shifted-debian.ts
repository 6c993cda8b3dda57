import { chown, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { DEBIAN_BASE, JAIL_INITTAB } from "../debian-base";
import type { Runner } from "../../shared/runner";
import type { TemplateContext } from "../templates";
import { mountOverlay, overlayPaths, prepareOverlay, shiftOwnership, unmountOverlay, type OverlayPaths } from "./shifted-overlay";

export { mountOverlayArgv } from "./shifted-overlay";

/**
 * A thin unprivileged Debian jail: no lxc-copy (it would record the clone in the shared
 * base's lxc_snapshots); the base is only ever read.
 */
export function debianOverlay(templates: TemplateContext, name: string): OverlayPaths {
  return overlayPaths(templates.lxcPath, name, path.join(templates.templateDir, DEBIAN_BASE, "rootfs"));
}

/** What lxc-copy would have written, with the rootfs a dir the agent mounts; the managed block adds the rest. */
function containerConfig(paths: OverlayPaths): string {
  return ["lxc.arch = linux64", `lxc.rootfs.path = dir:${paths.target}`, "lxc.autodev = 1", ""].join("\n");
}

export async function prepareShiftedDebian(templates: TemplateContext, name: string, idRangeStart: number): Promise<void> {
  const paths = debianOverlay(templates, name);
  await prepareOverlay(paths, idRangeStart);
  await writeFile(path.join(path.dirname(paths.target), "config"), containerConfig(paths), { mode: 0o640 });
}

/** Runs on the freshly mounted overlay, before the jail ever ran: nothing inside can have planted a link yet. */
export async function shiftDebianIds(templates: TemplateContext, name: string, hostname: string, idRangeStart: number): Promise<void> {
  const { target } = debianOverlay(templates, name);
  await shiftOwnership(target, idRangeStart);
  // sysvinit's hostname.sh sets the name from this file at boot (lxc-copy's clone hook would have written it).
  await replaceFile(path.join(target, "etc", "hostname"), `${hostname}\n`, idRangeStart);
  // The jail's own copy: a base built before the shutdown-done line still gets it.
  await replaceFile(path.join(target, "etc", "inittab"), JAIL_INITTAB, idRangeStart);
}

async function replaceFile(file: string, content: string, owner: number): Promise<void> {
  await rm(file, { force: true });
  await writeFile(file, content, { mode: 0o644, flag: "wx" });
  await chown(file, owner, owner);
}

export async function mountDebianRoot(templates: TemplateContext, runner: Runner, name: string): Promise<void> {
  await mountOverlay(runner, debianOverlay(templates, name), templates.mountinfo);
}

export async function unmountDebianRoot(templates: TemplateContext, runner: Runner, name: string): Promise<void> {
  await unmountOverlay(runner, debianOverlay(templates, name).target, templates.mountinfo);
}
