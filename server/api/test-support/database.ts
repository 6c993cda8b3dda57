import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * Points this test process at a fresh SQLite file and applies the migrations.
 * Must run before anything imports the db singleton or the auth instance.
 */
export async function openFreshDatabase(): Promise<{ dir: string; cleanup: () => void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stockade-test-"));
  process.env.STOCKADE_DATA_DIR = dir;
  process.env.DATABASE_URL = `file:${path.join(dir, "test.db")}`;
  const { applyMigrations } = await import("@/server/db/migrate");
  await applyMigrations(process.env.DATABASE_URL);
  const { ensureBaseRows } = await import("@/server/auth/users");
  await ensureBaseRows("test-host", "linux");
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
