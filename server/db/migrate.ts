import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
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
  await ensureDatabase(datasource.url);
  const engine = await OfflineEngine.open({
    url: datasource.url,
    schemaFiles: [{ path: datasource.schemaPath, content: readFileSync(datasource.schemaPath, "utf8") }],
  });
  try {
    const migrationsList = await readMigrationsList(datasource.migrationsPath);
    const result = (await engine.call("applyMigrations", { migrationsList, filters: NO_FILTERS })) as {
      appliedMigrationNames: string[];
    };
    return result.appliedMigrationNames;
  } finally {
    await engine.close();
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
