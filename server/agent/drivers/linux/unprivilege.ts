import { chmod, chown, writeFile } from "node:fs/promises";
import path from "node:path";
import { AgentError } from "../../protocol";
import type { DriverPlan } from "../driver";
import type { LinuxContext } from "./context";
import { loadDefinition } from "./change";
import { recordedRanges } from "./create";
import { allocateIdRange, rangesInUse } from "./contain/id-ranges";
import { hostMountCommands } from "./contain/host-mounts";
import { checkReachableByJails, unmountCommands, unmountRootfs } from "./contain/rootfs";
import { debianOverlay, mountDebianRoot, mountOverlayArgv, prepareShiftedDebian, shiftDebianIds } from "./contain/shifted-debian";
import { shiftOwnership } from "./contain/shifted-overlay";
import { getJail } from "./jails";
import { jailConfigPath, readJailConfig, renderJailConfig } from "./lxc-config";
import { lxcPathFor } from "./lxc-path";
import { run, shownCommands, type LinuxStep } from "./steps";
import type { JailDefinition, JailSecurity } from "./store";

const ROOTFS_LINE = /^\s*lxc\.rootfs\.path\s*=\s*(.*)$/m;

/**
 * How a privileged jail's root becomes the jail's own: a dir (busybox) is shifted in place; an
 * lxc-copy overlay clone of the Debian base becomes the agent-mounted overlay unprivileged
 * Debian jails use, over the same upper layer (lxc-copy keeps it where overlayPaths expects it).
 */
function rootfsAfter(ctx: LinuxContext, def: JailDefinition, config: string): { rootfs: JailSecurity["rootfs"]; config: string } {
  const current = ROOTFS_LINE.exec(config)?.[1]?.trim() ?? "";
  if (current.startsWith("dir:") && def.template !== "debian") return { rootfs: "lxc", config };
  const paths = debianOverlay(ctx.templates, def.name);
  // Recovery: the config was already rewritten when the agent stopped.
  if (def.template === "debian" && current === `dir:${paths.target}`) return { rootfs: "shifted-overlay", config };
  if (def.template === "debian" && current === `overlay:${paths.lower}:${paths.upper}`) {
    return { rootfs: "shifted-overlay", config: config.replace(ROOTFS_LINE, `lxc.rootfs.path = dir:${paths.target}`) };
  }
  throw new AgentError("unsupported", `Cannot migrate ${def.name}: its root (${current || "none"}) is not one Stockade made`, {
    jail: def.name,
  });
}

function rootfsSteps(ctx: LinuxContext, next: JailDefinition): LinuxStep[] {
  const start = next.security.idRangeStart!;
  if (next.security.rootfs === "lxc") return [{ type: "shift-rootfs", idRangeStart: start }];
  return [
    { type: "prepare-shifted-overlay", idRangeStart: start },
    run(mountOverlayArgv(debianOverlay(ctx.templates, next.name)), "mount the jail's overlay itself, over the same upper layer", 60_000),
    { type: "shift-ids", idRangeStart: start },
  ];
}

const withoutPrivileged = ({ privileged: _dropped, ...rest }: JailDefinition["parameters"]) => rest;

/**
 * A privileged jail into a user namespace of its own: stopped if it runs, given a free id
 * range, its files given to those ids (the same shift a create does), its config rewritten
 * (id map in, `privileged` out), and started again if it was running.
 */
export async function planUnprivilege(ctx: LinuxContext, name: string): Promise<DriverPlan> {
  const def = await loadDefinition(ctx, name);
  if (!def.security.privileged) throw new AgentError("conflict", `Jail ${name} is already unprivileged`, { jail: name });
  const lxcPath = lxcPathFor(ctx, def);
  await checkReachableByJails(lxcPath);
  const configBefore = await readJailConfig(lxcPath, name);
  if (configBefore === null) throw new AgentError("conflict", `Jail ${name} has no LXC config: destroy it and create it again`);
  const idRangeStart = allocateIdRange(await recordedRanges(ctx, name), await rangesInUse());
  const { rootfs, config } = rootfsAfter(ctx, def, configBefore);
  const next: JailDefinition = {
    ...def,
    parameters: withoutPrivileged(def.parameters),
    security: { privileged: false, idRangeStart, rootfs },
  };
  const configAfter = renderJailConfig(config, next, ctx.config);
  const jail = await getJail(ctx, name);
  const running = jail.state === "running" || jail.state === "starting";
  const dir = path.join(lxcPath, name);
  const steps: LinuxStep[] = [
    ...(running ? [run(await ctx.lxc.argv("lxc-stop", name, "-t", "10"), "stop the jail (killed after 10 s)", 30_000)] : []),
    { type: "unmount-rootfs", commands: await unmountCommands(ctx, def) },
    ...rootfsSteps(ctx, next),
    { type: "write-config" },
    { type: "put-definition" },
    ...(running
      ? [
          {
            type: "start-jail" as const,
            // The unmount above took every host path off: each is mounted again (the overlay, by its own step).
            mounts: hostMountCommands(lxcPath, next),
            argv: await ctx.lxc.startArgv(name, path.join(dir, "stockade-start.log"), path.join(dir, "stockade-console.log")),
            why: "start the jail again, unprivileged",
            wait: await ctx.lxc.waitArgv(name),
          },
        ]
      : []),
  ];
  return {
    shown: {
      kind: "unprivilege",
      jail: name,
      configPath: jailConfigPath(lxcPath, name),
      configBefore,
      configAfter,
      commands: shownCommands(steps),
      effects: [{ field: "security", when: running ? "live" : "next-start" }],
      warnings: [
        ...(running ? [`${name} is stopped for the migration and started again.`] : []),
        `Every file of ${name} is given to host ids ${idRangeStart}–${idRangeStart + 65_535} (root in the jail is ${idRangeStart} on the host).`,
        "A privileged jail was root on the host: this contains it from now on, it cannot undo what it may have done before.",
      ],
    },
    revision: JSON.stringify({ def, state: jail.state, idRangeStart }),
    execution: { kind: "unprivilege", name, after: next, configAfter, steps },
  };
}

/** busybox: its directory as lxc-create makes it for an unprivileged jail, then every inode of the rootfs. */
export async function shiftRootfs(lxcPath: string, name: string, idRangeStart: number): Promise<void> {
  const dir = path.join(lxcPath, name);
  await chown(dir, idRangeStart, idRangeStart);
  await chmod(dir, 0o770);
  await shiftOwnership(path.join(dir, "rootfs"), idRangeStart);
}

/**
 * At start-up, for a migration a crash cut short: the jail is ended, and its files, config and
 * definition are brought to what the journal says (the shift skips what it already shifted).
 * It is left stopped. A definition already unprivileged means only the start was left.
 */
export async function completeUnprivilege(ctx: LinuxContext, next: JailDefinition): Promise<void> {
  const current = await ctx.store.get(next.name);
  const lxcPath = lxcPathFor(ctx, next);
  const config = await readJailConfig(lxcPath, next.name);
  if (!current?.security.privileged || config === null || next.security.idRangeStart === null) return;
  await ctx.lxc.kill(next.name);
  await unmountRootfs(ctx, current);
  const { config: own } = rootfsAfter(ctx, current, config);
  if (next.security.rootfs === "shifted-overlay") {
    await prepareShiftedDebian(ctx.templates, next.name, next.security.idRangeStart);
    await mountDebianRoot(ctx.templates, ctx.runner, next.name);
    await shiftDebianIds(ctx.templates, next.name, next.hostname, next.security.idRangeStart);
  } else {
    await shiftRootfs(lxcPath, next.name, next.security.idRangeStart);
  }
  await writeFile(jailConfigPath(lxcPath, next.name), renderJailConfig(own, next, ctx.config));
  await ctx.store.put(next);
}
