import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { resolveDatasource, sqliteFilePath } from "../../prisma/datasource";
import { canConnect, createDatabase, DatabaseError } from "../../prisma/offline-engine/database";
import { OfflineEngine } from "../../prisma/offline-engine/engine";
import { readMigrationsList } from "../../prisma/offline-engine/migrations-dir";

// `prisma migrate deploy` without the CLI: the web process may not start programs, so pending
// migrations are applied in-process through the same wasm engine the offline CLI shim uses.

const NO_FILTERS = { externalTables: [], externalEnums: [] };

/**
 * Applies the pending migrations of the database DATABASE_URL names (creating the SQLite file
 * and its folder, or the PostgreSQL database, when missing) and returns the names it applied.
 */
export async function applyMigrations(databaseUrl: string | undefined): Promise<string[]> {
  const datasource = resolveDatasource(databaseUrl);
  const migrationsList = await readMigrationsList(datasource.migrationsPath);
  if (
    sqliteHasApplied(
      datasource.url,
      migrationsList.migrationDirectories.map((dir) => dir.path),
    )
  )
    return [];
  await ensureDatabase(datasource.url);
  const engine = await OfflineEngine.open({
    url: datasource.url,
    schemaFiles: [{ path: datasource.schemaPath, content: readFileSync(datasource.schemaPath, "utf8") }],
  });
  try {
    const result = (await engine.call("applyMigrations", { migrationsList, filters: NO_FILTERS })) as {
      appliedMigrationNames: string[];
    };
    return result.appliedMigrationNames;
  } finally {
    await engine.close();
  }
}

/**
 * Whether a SQLite database already records every one of these migrations as applied. The engine
 * migrates in SQLite's exclusive locking mode, which on a write-ahead-log database waits for every
 * other connection to close: a CLI command run beside the web (`host add`, `user`) would time out
 * in it, though with nothing to apply it has nothing to do.
 */
function sqliteHasApplied(url: string, names: string[]): boolean {
  if (!url.startsWith("file:") || !existsSync(sqliteFilePath(url))) return false;
  const db = new Database(sqliteFilePath(url), { readonly: true });
  try {
    const rows = db
      .prepare("SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL")
      .all() as { name: string }[];
    const applied = new Set(rows.map((row) => row.name));
    return names.every((name) => applied.has(name));
  } catch {
    return false; // no history table yet: the engine makes it
  } finally {
    db.close();
  }
}

async function ensureDatabase(url: string): Promise<void> {
  if (url.startsWith("file:")) {
    mkdirSync(path.dirname(sqliteFilePath(url)), { recursive: true });
    return;
  }
  try {
    await canConnect(url, process.cwd());
  } catch (error) {
    if (!(error instanceof DatabaseError && error.code === "P1003")) throw error;
    await createDatabase(url, process.cwd());
  }
}
