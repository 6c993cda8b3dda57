import type { PlanCommand, PlanKind } from "../../protocol";
import type { JailDefinition } from "./store";

/**
 * One step of a Linux plan. "run" and "build-debian-base" are the commands the plan shows;
 * the others are the agent's own file writes around them.
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
  /** Unprivilege of a running jail: started again (its mounts first), as the driver starts it. */
  | { type: "start-jail"; argv: string[]; why: string }
  /** Before lxc-destroy: the agent's host mounts and overlay mount, when there are any. */
  | { type: "unmount-rootfs" }
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

/** The commands of a plan, in the order they run. */
export function shownCommands(steps: readonly LinuxStep[]): PlanCommand[] {
  return steps.flatMap((step) =>
    step.type === "run" || step.type === "build-debian-base" || step.type === "start-jail" ? [{ argv: step.argv, why: step.why }] : [],
  );
}

/** The command in flight for the journal; lxc-start is left out: its monitor is the running jail, not an orphan to end. */
export const commandOf = (step: LinuxStep): string[] | null =>
  step.type === "run" || step.type === "build-debian-base" ? step.argv : null;
