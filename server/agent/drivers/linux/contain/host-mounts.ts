import { chown, lstat, mkdir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { AgentError, isWithin, type HostMount, type PlanCommand } from "../../../protocol";
import type { Runner } from "../../shared/runner";
import type { JailDefinition } from "../store";
import { isMounted } from "./shifted-overlay";

/**
 * Host directories a jail's definition names. The agent bind-mounts them into the stopped
 * jail's root on the host, before lxc-start: LXC then copies them into the jail's new mount
 * namespace, where the kernel locks them (a read-only one cannot be remounted read-write, none
 * can be unmounted to show what is under it). lxc.mount.entry would not do: LXC makes those
 * mounts inside the jail's own namespace, and the jail's root could remount them read-write.
 */
export const hostMountTarget = (lxcPath: string, name: string, mount: HostMount) =>
  path.join(lxcPath, name, "rootfs", mount.jailPath.slice(1));

/** "source -> target (ro|rw)", as the posture facts list host mounts. */
export const describeHostMount = (m: HostMount) => `${m.hostPath} -> ${m.jailPath} (${m.readOnly ? "ro" : "rw"})`;

/** What the agent itself keeps must never be served into a jail, nor a directory above it. */
function refuseProtected(mount: HostMount, protectedPaths: readonly string[]): void {
  const hit = protectedPaths.find((dir) => isWithin(mount.hostPath, dir) || isWithin(dir, mount.hostPath));
  if (hit) {
    throw new AgentError("invalid_input", `Host path ${mount.hostPath} is refused: it is or holds ${hit}, which is Stockade's own`, {
      field: "mounts",
    });
  }
}

/**
 * At plan time: each host path exists, is a directory and is its own real path (no link to
 * lead the check astray). Shares (`agentMade`) were checked by checkShare: the agent makes them.
 */
export async function checkHostMounts(
  def: Pick<JailDefinition, "mounts" | "template" | "security">,
  protectedPaths: readonly string[],
  agentMade: ReadonlySet<HostMount> = new Set(),
) {
  if (def.mounts.length > 0 && def.security.privileged && def.template === "debian") {
    throw new AgentError("unsupported", "Host mounts need a root the agent mounts: not offered for privileged Debian jails", {
      field: "mounts",
    });
  }
  for (const mount of def.mounts) {
    if (agentMade.has(mount)) continue;
    refuseProtected(mount, protectedPaths);
    const real = await realpath(mount.hostPath).catch(() => null);
    const info = real === null ? null : await stat(real);
    if (!info?.isDirectory()) {
      throw new AgentError("invalid_input", `Host path ${mount.hostPath} is not an existing directory`, { field: "mounts" });
    }
    if (real !== mount.hostPath) {
      throw new AgentError("invalid_input", `Host path ${mount.hostPath} leads through a symbolic link to ${real}: name ${real}`, {
        field: "mounts",
      });
    }
  }
}

/**
 * The mount point inside the jail's root, made if missing (owned by the jail's root). Each
 * component is checked without following links: the jail is stopped, so nothing inside can
 * swap one in between this check and the mount.
 */
async function mountPoint(rootfs: string, jailPath: string, owner: number | null): Promise<string> {
  let dir = rootfs;
  for (const part of jailPath.split("/").filter(Boolean)) {
    dir = path.join(dir, part);
    const info = await lstat(dir).catch(() => null);
    if (info === null) {
      await mkdir(dir, { mode: 0o755 });
      if (owner !== null) await chown(dir, owner, owner);
    } else if (!info.isDirectory()) {
      throw new AgentError("conflict", `Cannot mount at ${jailPath} in the jail: ${dir} is not a directory (a link or a file)`);
    }
  }
  return dir;
}

export const bindArgv = (mount: HostMount, target: string) => ["mount", "--bind", mount.hostPath, target];
/** nosuid, nodev: a jail is never handed a host set-uid program or device through its mounts. */
export const restrictArgv = (mount: HostMount, target: string) => [
  "mount",
  "-o",
  `remount,bind,${mount.readOnly ? "ro" : "rw"},nosuid,nodev`,
  target,
];

/** Each host path's bind, then the remount that restricts it: what a start runs once the mount points exist. */
export const hostMountCommands = (lxcPath: string, def: JailDefinition): PlanCommand[] =>
  def.mounts.flatMap((mount) => {
    const target = hostMountTarget(lxcPath, def.name, mount);
    return [
      { argv: bindArgv(mount, target), why: `bind ${mount.hostPath} at ${mount.jailPath} in the jail` },
      { argv: restrictArgv(mount, target), why: `make ${mount.jailPath} ${mount.readOnly ? "read-only, " : ""}nosuid and nodev` },
    ];
  });

export async function makeMountPoints(lxcPath: string, def: JailDefinition): Promise<void> {
  const rootfs = path.join(lxcPath, def.name, "rootfs");
  for (const mount of def.mounts) await mountPoint(rootfs, mount.jailPath, def.security.idRangeStart);
}

/** Before a start: each host path not mounted already (a jail that stopped itself keeps them). */
export async function mountHostPaths(runner: Runner, lxcPath: string, def: JailDefinition, mountinfo: string): Promise<void> {
  await makeMountPoints(lxcPath, def);
  for (const mount of def.mounts) {
    const target = hostMountTarget(lxcPath, def.name, mount);
    if (await isMounted(target, mountinfo)) continue;
    await runner.run(bindArgv(mount, target));
    await runner.run(restrictArgv(mount, target));
  }
}
