import type { FreebsdDriverOptions, DriverContext } from "./context";
import type { FreebsdJournalEntry } from "./journal";
import { removeOwned } from "./populate";
import { runStep, type FreebsdExecution } from "./steps";

type RecoveryLog = NonNullable<FreebsdDriverOptions["log"]>;

const executionOf = (entry: FreebsdJournalEntry): FreebsdExecution => ({
  kind: entry.kind,
  name: entry.name,
  configAfter: entry.configAfter,
  ...(entry.configPath ? { configPath: entry.configPath } : {}),
  steps: entry.steps,
  ipv4: [],
  owned: [],
});

/** What the create made is removed (and its conf, if the crash came while it was written): the jail is gone. */
async function rollBackCreate(ctx: DriverContext, entry: FreebsdJournalEntry): Promise<void> {
  await removeOwned(ctx, entry.made);
  if (entry.steps[entry.next]?.type === "write-conf") await runStep(ctx, executionOf(entry), { type: "remove-conf" });
}

/**
 * The plan's remaining steps, exactly as shown. The step in flight may have finished before the
 * crash (an alias added, a jail stopped): run again, its failure is only logged. Any later failure
 * stops recovery there, with the journal kept so the jail is reported, not silently half-done.
 */
async function finishPlan(ctx: DriverContext, entry: FreebsdJournalEntry, log?: RecoveryLog): Promise<void> {
  const exec = executionOf(entry);
  for (let index = entry.next; index < entry.steps.length; index++) {
    try {
      await runStep(ctx, exec, entry.steps[index]!);
    } catch (error) {
      if (index !== entry.next) throw error;
      log?.warn({ jail: entry.name, step: entry.steps[index], err: error }, "the step in flight at the crash had already run");
    }
  }
}

/** At start-up: an interrupted create is rolled back, an interrupted change or destroy finished. */
export async function recoverOperations(ctx: DriverContext, log?: RecoveryLog): Promise<void> {
  for (const { name, entry } of await ctx.journal.pending()) {
    if (entry === null) {
      log?.error({ jail: name }, "unreadable operation journal left in place; the jail is untouched");
      continue;
    }
    log?.warn({ jail: name, kind: entry.kind, next: entry.next }, "recovering an interrupted operation");
    try {
      if (entry.kind === "create") await rollBackCreate(ctx, entry);
      else await finishPlan(ctx, entry, log);
      await ctx.journal.remove(name);
    } catch (error) {
      log?.error({ jail: name, kind: entry.kind, err: error }, "recovery stopped: the journal is kept and the jail left as it is");
    }
  }
}
