import type { PlanCommand, PlanKind } from "../../protocol";
import type { JailDefinition } from "./store";

/**
 * One step of a Linux plan. "run", "build-debian-base", "start-jail" and "unmount-rootfs"
 * carry the commands the plan shows; the others are the agent's own file writes around them.
 */
export type LinuxStep =
  | { type: "run"; argv: string[]; why: string; timeoutMs: number }
  | { type: "build-debian-base"; argv: string[]; why: string }
  /** Create: re-checks the name and address under the pool lock, then records the definition. */
  | { type: "reserve" }
  /** Busybox: the rc scripts Stockade gives its init (see busybox-init.ts). */
  | { type: "install-busybox-init" }
  /** Unprivileged busybox: the id map lxc-create reads (it then chowns the rootfs); removed after. */
  | { type: "write-idmap-config"; path: string; idRangeStart: number }
  | { type: "remove-idmap-config"; path: string }
  /** Unprivileged Debian: the container's directories and config, before the overlay is mounted. */
  | { type: "prepare-shifted-overlay"; idRangeStart: number }
  /** Unprivileged Debian: every inode of the mounted overlay given to the jail's ids, and its hostname. */
  | { type: "shift-ids"; idRangeStart: number }
  /** Unprivilege, busybox: the container's directory and every inode of its rootfs given to the jail's ids. */
  | { type: "shift-rootfs"; idRangeStart: number }
  /** Unprivilege of a running jail: its host paths mounted (`mounts`), started, and waited for, as the driver starts it. */
  | { type: "start-jail"; mounts: PlanCommand[]; argv: string[]; why: string; wait: string[] }
  /** Before lxc-destroy or a migration: the umount of each agent mount found mounted when planned. */
  | { type: "unmount-rootfs"; commands: PlanCommand[] }
  /** Create with a share: the agent's share directory made if missing (contain/shares.ts). */
  | { type: "make-share"; path: string }
  | { type: "write-config" }
  | { type: "put-definition" }
  | { type: "remove-definition" };

/** What apply executes, kept with the plan; also what the journal records for recovery. */
export interface LinuxExecution {
  kind: PlanKind;
  name: string;
  /** The definition the jail has after the plan; null after a destroy. */
  after: JailDefinition | null;
  /** Exactly what a change writes; a create renders its block over what lxc-create wrote. */
  configAfter: string | null;
  steps: LinuxStep[];
}

export const run = (argv: string[], why: string, timeoutMs = 60_000): LinuxStep => ({ type: "run", argv, why, timeoutMs });

/** The commands of a plan, in the order they run: every command apply runs but its reads (lxc-info). */
export function shownCommands(steps: readonly LinuxStep[]): PlanCommand[] {
  return steps.flatMap((step): PlanCommand[] => {
    if (step.type === "run" || step.type === "build-debian-base") return [{ argv: step.argv, why: step.why }];
    if (step.type === "start-jail")
      return [...step.mounts, { argv: step.argv, why: step.why }, { argv: step.wait, why: "wait until it runs" }];
    if (step.type === "unmount-rootfs") return step.commands;
    return [];
  });
}

/** The command in flight for the journal; lxc-start is left out: its monitor is the running jail, not an orphan to end. */
export const commandOf = (step: LinuxStep): string[] | null =>
  step.type === "run" || step.type === "build-debian-base" ? step.argv : null;
