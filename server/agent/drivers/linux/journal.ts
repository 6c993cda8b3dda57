import path from "node:path";
import { z } from "zod";
import { jailNameSchema, planKindSchema } from "../../protocol";
import { OperationJournal } from "../shared/journal";
import { jailDefinitionSchema } from "./store";

/** The only programs an operation runs, so a journal edited by hand cannot aim the orphan search elsewhere. */
const ORPHAN_PROGRAMS = ["lxc-create", "lxc-copy", "debootstrap", "lxc-stop", "lxc-destroy", "lxc-cgroup", "nsenter", "mount"];

/**
 * An operation in progress. Recovery acts on the validated name and definition only: it
 * never re-runs a command read from this file (root trusts nothing it did not validate).
 */
export const journalEntrySchema = z.object({
  kind: planKindSchema,
  name: jailNameSchema,
  /** The definition the jail has once the operation is done; null for a destroy. */
  after: jailDefinitionSchema.nullable(),
  /** argv of the command in flight, so a crash's orphan can be found and ended. */
  running: z
    .array(z.string())
    .min(2)
    .refine((argv) => ORPHAN_PROGRAMS.includes(argv[0]!), "not a program an operation runs")
    .nullable(),
  startedAt: z.number(),
});

export type JournalEntry = z.infer<typeof journalEntrySchema>;
export type LinuxJournal = OperationJournal<JournalEntry>;

/** STATE/operations/NAME.json on the host's disk (the shared journal, shared/journal.ts). */
export const linuxJournal = (stateDir: string): LinuxJournal => new OperationJournal(path.join(stateDir, "operations"), journalEntrySchema);
