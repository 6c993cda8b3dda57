import { stat } from "node:fs/promises";
import path from "node:path";
import { AgentError } from "../../../protocol";
import type { LinuxContext } from "../context";
import { lxcPathFor } from "../lxc-path";
import type { JailDefinition } from "../store";
import { mountHostPaths, unmountHostPaths } from "./host-mounts";
import { mountDebianRoot, unmountDebianRoot } from "./shifted-debian";

/** Before lxc-start: a shifted overlay, then the definition's host paths, mounted by the agent (again after a reboot). */
export async function mountRootfs(ctx: LinuxContext, def: JailDefinition | null): Promise<void> {
  if (!def) return;
  if (def.security.rootfs === "shifted-overlay") await mountDebianRoot(ctx.templates, ctx.runner, def.name);
  await mountHostPaths(ctx.runner, lxcPathFor(ctx, def), def);
}

/** After a stop and before lxc-destroy (which would otherwise delete through the overlay or a host mount). */
export async function unmountRootfs(ctx: LinuxContext, def: JailDefinition | null): Promise<void> {
  if (!def) return;
  await unmountHostPaths(ctx.runner, lxcPathFor(ctx, def), def);
  if (def.security.rootfs === "shifted-overlay") await unmountDebianRoot(ctx.templates, ctx.runner, def.name);
}

/** A destroy must unmount first when the agent mounted anything into the jail's root. */
export const agentMountsInto = (def: JailDefinition | null) =>
  def !== null && (def.security.rootfs === "shifted-overlay" || def.mounts.length > 0);

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
