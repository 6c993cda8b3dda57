import fs from "node:fs";
import path from "node:path";

/**
 * The data folder holds the database, the auth secret and logs: only the web user may read
 * it. New files are private through the umask; files made by an older version are fixed.
 */
export function secureDataDir(dataDir: string, sqliteFile: string | null): void {
  process.umask(0o077);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dataDir, 0o700);
  const files = fs.readdirSync(dataDir).map((name) => path.join(dataDir, name));
  if (sqliteFile) files.push(...["", "-wal", "-shm", "-journal"].map((suffix) => sqliteFile + suffix));
  for (const file of files) {
    const stat = fs.lstatSync(file, { throwIfNoEntry: false });
    if (stat?.isFile()) fs.chmodSync(file, 0o600);
  }
}
