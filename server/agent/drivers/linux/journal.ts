import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { jailNameSchema, planKindSchema } from "../../protocol";
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

/**
 * One file per jail under STATE/operations: written before a create, change or destroy
 * touches anything and removed when it is done, so what is left at start-up is what a crash
 * interrupted. Written like definitions: temp file, fsync, rename.
 */
export class OperationJournal {
  private readonly dir: string;

  constructor(stateDir: string) {
    this.dir = path.join(stateDir, "operations");
  }

  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
  }

  private file(name: string): string {
    return path.join(this.dir, `${jailNameSchema.parse(name)}.json`);
  }

  async write(entry: JournalEntry): Promise<void> {
    const target = this.file(entry.name);
    const temp = `${target}.${randomBytes(6).toString("hex")}.tmp`;
    const handle = await open(temp, "w", 0o600);
    try {
      await handle.writeFile(JSON.stringify(journalEntrySchema.parse(entry)));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  }

  async remove(name: string): Promise<void> {
    await rm(this.file(name), { force: true });
  }

  /**
   * Every interrupted operation; temp files of a write the crash cut short are dropped. An
   * entry that does not validate is returned as its jail name alone (recovery rolls it back).
   */
  async pending(): Promise<Array<{ name: string; entry: JournalEntry | null }>> {
    const files = await readdir(this.dir);
    const found: Array<{ name: string; entry: JournalEntry | null }> = [];
    for (const file of files) {
      const name = file.slice(0, -".json".length);
      if (!file.endsWith(".json")) await rm(path.join(this.dir, file), { force: true });
      else if (jailNameSchema.safeParse(name).success) found.push({ name, entry: await this.read(name) });
    }
    return found;
  }

  private async read(name: string): Promise<JournalEntry | null> {
    try {
      const parsed = journalEntrySchema.safeParse(JSON.parse(await readFile(this.file(name), "utf8")));
      return parsed.success && parsed.data.name === name ? parsed.data : null;
    } catch {
      return null;
    }
  }
}
