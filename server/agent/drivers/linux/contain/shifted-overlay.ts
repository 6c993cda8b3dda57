import { chmod, chown, lchown, lstat, mkdir, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { AgentError } from "../../../protocol";
import type { Runner } from "../../shared/runner";
import { IDS_PER_JAIL } from "./id-ranges";

/**
 * A Debian jail's root: an overlay over the shared read-only base whose upper layer holds a
 * metadata-only copy of every inode, owned by the jail's ids (metacopy=on: the data stays in
 * the base). LXC 5 refuses an id-mapped rootfs on anything but "dir" and the kernel refuses
 * to id-map an overlay mount, so the agent mounts the overlay on the host and LXC sees a dir.
 */
export interface OverlayPaths {
  lower: string;
  upper: string;
  work: string;
  /** Where the merged tree is mounted: the container's lxc.rootfs.path. */
  target: string;
}

/** Overlay options are comma-separated and mountinfo escapes blanks: keep paths plain. */
const PLAIN_PATH = /^\/[A-Za-z0-9_./+-]*$/;

export function overlayPaths(lxcPath: string, name: string, baseRootfs: string): OverlayPaths {
  const container = path.join(lxcPath, name);
  const paths = {
    lower: baseRootfs,
    upper: path.join(container, "overlay", "delta"),
    work: path.join(container, "overlay", "work"),
    target: path.join(container, "rootfs"),
  };
  const bad = Object.values(paths).find((p) => !PLAIN_PATH.test(p));
  if (bad) {
    throw new AgentError("unavailable", `Cannot mount a jail overlay at ${bad}: its path may hold only letters, digits and _ . / + -`);
  }
  return paths;
}

export async function isMounted(target: string, mountinfo: string): Promise<boolean> {
  const text = await readFile(mountinfo, "utf8");
  return text.split("\n").some((line) => line.split(" ")[4] === target);
}

/** metacopy=on every time: the upper layer's metadata-only copies need it to find their data. */
export const mountOverlayArgv = (paths: OverlayPaths): string[] => [
  "mount",
  "-t",
  "overlay",
  "overlay",
  "-o",
  `lowerdir=${paths.lower},upperdir=${paths.upper},workdir=${paths.work},metacopy=on`,
  paths.target,
];

export async function mountOverlay(runner: Runner, paths: OverlayPaths, mountinfo: string): Promise<void> {
  if (await isMounted(paths.target, mountinfo)) return;
  await runner.run(mountOverlayArgv(paths));
}

export async function unmountOverlay(runner: Runner, target: string, mountinfo: string): Promise<void> {
  if (await isMounted(target, mountinfo)) await runner.run(["umount", target]);
}

/** The directories of a new jail; the container's own directory belongs to its root, as lxc-create does it. */
export async function prepareOverlay(paths: OverlayPaths, idRangeStart: number): Promise<void> {
  await Promise.all([paths.upper, paths.work, paths.target].map((d) => mkdir(d, { recursive: true, mode: 0o755 })));
  const container = path.dirname(paths.target);
  await chown(container, idRangeStart, idRangeStart);
  await chmod(container, 0o770);
}

const SHIFT_CONCURRENCY = 16;

const shiftedId = (id: number, offset: number) => (id >= offset && id < offset + IDS_PER_JAIL ? id : id + offset);

/**
 * Adds `offset` to the owner of every inode under `root` (not following symlinks, not
 * crossing into other mounts). Through a metacopy overlay each chown copies up metadata only.
 * An id already in the jail's range is left as it is, so a shift cut short can be run again.
 */
export async function shiftOwnership(root: string, offset: number): Promise<number> {
  const rootDev = (await lstat(root)).dev;
  const queue = [root];
  let shifted = 0;
  const worker = async () => {
    for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
      const info = await lstat(next);
      if (info.dev !== rootDev) continue;
      await chownKeepingModes(next, shiftedId(info.uid, offset), shiftedId(info.gid, offset), info.mode, info.isSymbolicLink());
      shifted++;
      if (info.isDirectory()) queue.push(...(await readdir(next)).map((entry) => path.join(next, entry)));
    }
  };
  // Workers end when the queue is momentarily empty; rerun until a pass finds nothing left.
  while (queue.length > 0) await Promise.all(Array.from({ length: SHIFT_CONCURRENCY }, worker));
  return shifted;
}

/** chown clears setuid/setgid bits; they are put back so sudo, passwd and friends still work. */
async function chownKeepingModes(file: string, uid: number, gid: number, mode: number, isLink: boolean): Promise<void> {
  await lchown(file, uid, gid);
  if (!isLink && (mode & 0o6000) !== 0) await chmod(file, mode & 0o7777);
}
