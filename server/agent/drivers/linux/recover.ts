import type { LinuxContext } from "./context";
import { removeJailEntirely } from "./apply";
import { completeChange } from "./change";
import { endOrphans } from "./orphans";
import { completeUnprivilege } from "./unprivilege";

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
    else await completeChange(ctx, entry.after);
    await ctx.journal.remove(name);
  }
}
