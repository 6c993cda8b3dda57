import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { MigrationList } from "@prisma/schema-engine-wasm/schema_engine_bg";

const LOCKFILE = "migration_lock.toml";
const SCRIPT = "migration.sql";

/** Reads a migrations folder the way the Prisma CLI hands it to the engine. */
export async function readMigrationsList(baseDir: string, shadowDbInitScript = ""): Promise<MigrationList> {
  const lockContent = await readFile(path.join(baseDir, LOCKFILE), "utf8").catch(() => null);
  const entries = await readdir(baseDir, { withFileTypes: true }).catch(() => []);
  const directories = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const migrationDirectories = await Promise.all(
    directories.map(async (name) => ({
      path: name,
      migrationFile: {
        path: SCRIPT,
        content: await readFile(path.join(baseDir, name, SCRIPT), "utf8").then(
          (value) => ({ tag: "ok" as const, value }),
          (error: Error) => ({ tag: "error" as const, value: error.message }),
        ),
      },
    })),
  );
  return { baseDir, lockfile: { path: LOCKFILE, content: lockContent }, shadowDbInitScript, migrationDirectories };
}
