import type { DriverPlan } from "../driver";
import type { LinuxContext } from "./context";
import { containerNames, getJail, refuseUnmanaged } from "./jails";
import { jailConfigPath, readJailConfig } from "./lxc-config";
import { lxcPathFor } from "./lxc-path";
import { unmountCommands } from "./contain/rootfs";
import { run, shownCommands, type LinuxStep } from "./steps";

/** Kill then destroy: what is in the jail is about to be deleted, so it gets no graceful stop. */
export async function planDestroy(ctx: LinuxContext, name: string): Promise<DriverPlan> {
  const jail = await getJail(ctx, name);
  refuseUnmanaged(jail);
  const def = await ctx.store.get(name);
  const lxcPath = lxcPathFor(ctx, def);
  const exists = (await containerNames(ctx, lxcPath)).includes(name);
  const running = jail.state !== "stopped" && jail.state !== "unknown";
  // What the agent mounted stays mounted on the host after the kill: found now, so the plan names each umount.
  const unmounts = await unmountCommands(ctx, def);
  const steps: LinuxStep[] = [
    ...(running ? [run(await ctx.lxc.argv("lxc-stop", name, "-k"), "kill the running jail", 30_000)] : []),
    ...(unmounts.length > 0 ? [{ type: "unmount-rootfs", commands: unmounts } as const] : []),
    ...(exists ? [run(await ctx.lxc.argv("lxc-destroy", name), "delete the container and its root filesystem", 120_000)] : []),
    { type: "remove-definition" },
  ];
  const warnings = [
    ...(running ? [`${name} is running: its processes are killed without a shutdown.`] : []),
    ...(jail.adopted ? [`${name} was adopted, not created by Stockade; LXC's container is deleted all the same.`] : []),
    "Destroying cannot be undone: the jail's files are deleted.",
  ];
  return {
    shown: {
      kind: "destroy",
      jail: name,
      configPath: jailConfigPath(lxcPath, name),
      configBefore: exists ? await readJailConfig(lxcPath, name) : null,
      configAfter: null,
      commands: shownCommands(steps),
      effects: [{ field: "jail", when: "now" }],
      warnings,
    },
    revision: JSON.stringify({ def, state: jail.state, exists }),
    execution: { kind: "destroy", name, after: null, configAfter: null, steps },
  };
}
