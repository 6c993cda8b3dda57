import { chmod, lstat, mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { AgentError, isWithin, type HostMount, type ShareMount } from "../../../protocol";

/**
 * Shares: directories of the agent's own share directory that jails mount by name. The agent
 * makes them (root, 0755) and mounts them like any host path; the web only names them.
 */
export const sharePath = (shareDir: string, name: string) => path.join(shareDir, name);

export const shareHostMount = (shareDir: string, mount: ShareMount): HostMount => ({
  hostPath: sharePath(shareDir, mount.share),
  jailPath: mount.jailPath,
  readOnly: mount.readOnly,
});

const refuse = (message: string) => new AgentError("invalid_input", message, { field: "mounts" });

/**
 * Every existing directory from the share up to / is a real directory that only root can
 * change (or sticky, as /tmp): otherwise whoever owns one (the web's user, for a share dir
 * inside its data folder) could swap a link in and have root mount another host directory.
 */
async function checkOwnedByRoot(dir: string): Promise<void> {
  for (let at = dir; ; at = path.dirname(at)) {
    const info = await lstat(at).catch(() => null);
    if (info !== null) {
      if (!info.isDirectory()) throw refuse(`The share path ${dir} is refused: ${at} is not a directory (a link or a file)`);
      const othersWrite = (info.mode & 0o022) !== 0 && (info.mode & 0o1000) === 0;
      if (info.uid !== 0 || othersWrite) {
        throw refuse(
          `The share path ${dir} is refused: ${at} can be changed by another user than root (owner ${info.uid}, mode ${(info.mode & 0o7777).toString(8)})`,
        );
      }
    }
    if (at === path.dirname(at)) return;
  }
}

/** At plan time: the share may be made later (it is missing), but it must never hold what the agent keeps. */
export async function checkShare(shareDir: string, mount: ShareMount, protectedPaths: readonly string[]): Promise<HostMount> {
  const resolved = shareHostMount(shareDir, mount);
  const held = protectedPaths.find((dir) => isWithin(dir, resolved.hostPath));
  if (held) throw refuse(`The share ${mount.share} is refused: ${resolved.hostPath} holds ${held}, which is Stockade's own`);
  await checkOwnedByRoot(resolved.hostPath);
  return resolved;
}

const readme = (dir: string) =>
  `This is a Stockade share: the host directory ${dir}.\n` +
  "Jails mount it where their definition says, read-only unless it says otherwise;\n" +
  "what is put here on the host is what they see.\n";

const index = (name: string) =>
  `<!doctype html>\n<title>Share ${name}</title>\n<h1>Share ${name}</h1>\n` +
  `<p>A directory of the host, mounted read-only into this jail.</p>\n<ul><li><a href="README.txt">README.txt</a></li></ul>\n`;

/** Applied before the jail exists: the share made if missing (root, 0755), and given a README while it is empty. */
export async function ensureShare(dir: string): Promise<void> {
  await checkOwnedByRoot(dir);
  await mkdir(dir, { recursive: true, mode: 0o755 });
  // The agent's umask may be tighter: the jail's ids read the share as "others".
  await chmod(dir, 0o755);
  if ((await readdir(dir)).length > 0) return;
  // "wx": never through a link or over a file someone else put there.
  await writeFile(path.join(dir, "README.txt"), readme(dir), { flag: "wx", mode: 0o644 });
  await writeFile(path.join(dir, "index.html"), index(path.basename(dir)), { flag: "wx", mode: 0o644 });
  await Promise.all(["README.txt", "index.html"].map((f) => chmod(path.join(dir, f), 0o644)));
}
