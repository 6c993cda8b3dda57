import { stat } from "node:fs/promises";
import path from "node:path";
import { AgentError, type PlanCommand } from "../../../protocol";
import type { LinuxContext } from "../context";
import { lxcPathFor } from "../lxc-path";
import type { JailDefinition } from "../store";
import { hostMountTarget, mountHostPaths } from "./host-mounts";
import { debianOverlay, mountDebianRoot } from "./shifted-debian";
import { isMounted } from "./shifted-overlay";

/** Before lxc-start: a shifted overlay, then the definition's host paths, mounted by the agent (again after a reboot). */
export async function mountRootfs(ctx: LinuxContext, def: JailDefinition | null): Promise<void> {
  if (!def) return;
  if (def.security.rootfs === "shifted-overlay") await mountDebianRoot(ctx.templates, ctx.runner, def.name);
  await mountHostPaths(ctx.runner, lxcPathFor(ctx, def), def, ctx.templates.mountinfo);
}

/**
 * The umount of each mount the agent made into the jail's root that is mounted now, innermost
 * first: its host paths, then its overlay. A plan lists them; a stop runs them after the jail ended.
 */
export async function unmountCommands(ctx: LinuxContext, def: JailDefinition | null): Promise<PlanCommand[]> {
  if (!def) return [];
  const lxcPath = lxcPathFor(ctx, def);
  const targets = [...def.mounts].reverse().map((m) => ({ target: hostMountTarget(lxcPath, def.name, m), why: `unmount ${m.jailPath}` }));
  if (def.security.rootfs === "shifted-overlay") {
    targets.push({ target: debianOverlay(ctx.templates, def.name).target, why: "unmount the jail's overlay root" });
  }
  const mounted: PlanCommand[] = [];
  for (const { target, why } of targets)
    if (await isMounted(target, ctx.templates.mountinfo)) mounted.push({ argv: ["umount", target], why });
  return mounted;
}

/** After a stop and before lxc-destroy (which would otherwise delete through the overlay or a host mount). */
export async function unmountRootfs(ctx: LinuxContext, def: JailDefinition | null): Promise<void> {
  for (const { argv } of await unmountCommands(ctx, def)) await ctx.runner.run(argv);
}

/**
 * A jail's root is an unprivileged host id: LXC, acting as it, must be able to pass through
 * every directory above the container's. Refused before anything is made, naming the directory.
 */
export async function checkReachableByJails(lxcPath: string): Promise<void> {
  for (let dir = path.resolve(lxcPath); ; dir = path.dirname(dir)) {
    const { mode } = await stat(dir);
    if ((mode & 0o001) === 0) {
      throw new AgentError(
        "unavailable",
        `Unprivileged jails cannot reach their files: ${dir} is not searchable by other users (chmod o+x ${dir})`,
        { path: dir },
      );
    }
    if (dir === path.dirname(dir)) return;
  }
}
