import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { z } from "zod";
import { jailNameSchema } from "../../protocol";

/** Where a journal's files live: the host's disk, or (FreeBSD) the driver's runner, so tests see every write. */
export interface JournalFiles {
  ensureDir(dir: string): Promise<void>;
  /** null when the file does not exist. */
  read(file: string): Promise<string | null>;
  /** Whole or not at all: a crash mid-write must not leave half an entry. */
  write(file: string, content: string): Promise<void>;
  list(dir: string): Promise<string[]>;
  remove(file: string): Promise<void>;
}

/** The host's disk: temp file, fsync, rename (like the definitions), readable by root only. */
export const diskJournalFiles: JournalFiles = {
  ensureDir: async (dir) => void (await mkdir(dir, { recursive: true, mode: 0o700 })),
  read: (file) => readFile(file, "utf8").catch(() => null),
  async write(file, content) {
    const temp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
    const handle = await open(temp, "w", 0o600);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  },
  list: (dir) => readdir(dir).catch(() => []),
  remove: (file) => rm(file, { force: true }),
};

export interface PendingOperation<Entry> {
  name: string;
  /** null: the file did not validate (recovery must not act on what it cannot trust). */
  entry: Entry | null;
}

/**
 * One file per jail: written before a create, change or destroy touches anything and removed
 * when it is done, so what is left at start-up is what a crash interrupted. Each driver gives
 * the schema of its entries; every entry names its jail.
 */
export class OperationJournal<Entry extends { name: string }> {
  constructor(
    private readonly dir: string,
    private readonly schema: z.ZodType<Entry>,
    private readonly files: JournalFiles = diskJournalFiles,
  ) {}

  init(): Promise<void> {
    return this.files.ensureDir(this.dir);
  }

  private file(name: string): string {
    return path.posix.join(this.dir, `${jailNameSchema.parse(name)}.json`);
  }

  async write(entry: Entry): Promise<void> {
    await this.files.write(this.file(entry.name), JSON.stringify(this.schema.parse(entry)));
  }

  async remove(name: string): Promise<void> {
    await this.files.remove(this.file(name));
  }

  /** Every interrupted operation; temp files of a write the crash cut short are dropped. */
  async pending(): Promise<Array<PendingOperation<Entry>>> {
    const found: Array<PendingOperation<Entry>> = [];
    for (const file of await this.files.list(this.dir)) {
      const name = file.slice(0, -".json".length);
      if (!file.endsWith(".json")) await this.files.remove(path.posix.join(this.dir, file));
      else if (jailNameSchema.safeParse(name).success) found.push({ name, entry: await this.read(name) });
    }
    return found;
  }

  private async read(name: string): Promise<Entry | null> {
    try {
      const parsed = this.schema.safeParse(JSON.parse((await this.files.read(this.file(name))) ?? "null"));
      return parsed.success && parsed.data.name === name ? parsed.data : null;
    } catch {
      return null;
    }
  }
}
