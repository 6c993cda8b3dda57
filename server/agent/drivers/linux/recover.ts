import type { LinuxContext } from "./context";
import { removeJailEntirely } from "./apply";
import { getJail } from "./jails";
import { limitSettings, readJailConfig, writeJailConfig } from "./lxc-config";
import { lxcPathFor } from "./lxc-path";
import type { JournalEntry } from "./journal";
import { endOrphans } from "./orphans";
import { completeUnprivilege } from "./unprivilege";

/** A change's files were written first: write them again and give a running jail its limits. */
async function completeChange(ctx: LinuxContext, entry: JournalEntry): Promise<void> {
  const def = entry.after;
  if (!def) return;
  await ctx.store.put(def);
  const lxcPath = lxcPathFor(ctx, def);
  if ((await readJailConfig(lxcPath, def.name)) !== null) await writeJailConfig(lxcPath, def, ctx.config);
  const jail = await getJail(ctx, def.name);
  if (jail.state !== "running") return;
  for (const setting of limitSettings(def.limits, ctx.cgroupVersion)) {
    await ctx.runner.run(["lxc-cgroup", "-P", lxcPath, "-n", def.name, setting.key, setting.value], { allowFailure: true });
  }
}

/** What is left of a destroy is what a failed create leaves: the same removal (an overlay mount included). */
const completeDestroy = removeJailEntirely;

/**
 * At start-up, before anything is listed: an interrupted create is rolled back (its jail was
 * never listed), an interrupted change, destroy or unprivilege is completed. Commands the dead
 * agent left
 * running are ended first so they stop writing into what is being cleaned up.
 */
export async function recoverOperations(ctx: LinuxContext): Promise<void> {
  for (const { name, entry } of await ctx.journal.pending()) {
    if (entry === null) {
      ctx.log.error({ jail: name }, "unreadable operation journal left in place; the jail is untouched");
      continue;
    }
    if (entry.running) await endOrphans(entry.running);
    ctx.log.warn({ jail: name, kind: entry.kind, running: entry.running }, "recovering an interrupted operation");
    if (entry.kind === "create") await removeJailEntirely(ctx, name);
    else if (entry.kind === "destroy") await completeDestroy(ctx, name);
    else if (entry.kind === "unprivilege") {
      if (entry.after) await completeUnprivilege(ctx, entry.after);
    }
    // change, adopt, reconcile: what each leaves is its definition and the config rendered from it.
    else await completeChange(ctx, entry);
    await ctx.journal.remove(name);
  }
}
