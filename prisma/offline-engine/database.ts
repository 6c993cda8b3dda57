import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { providerOf, sqliteFilePath } from "../datasource";

// The CLI's one-off `can-connect-to-database` and `create-database` commands, which run before
// a migration session (e.g. `migrate deploy` creates a missing database first).

/** An error the CLI shows with its Prisma code, such as P1003 "database does not exist". */
export class DatabaseError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "DatabaseError";
  }
}

const PG_INVALID_CATALOG = "3D000";
const PG_DUPLICATE_DATABASE = "42P04";
const PG_AUTH_FAILURES = new Set(["28P01", "28000"]);

export async function canConnect(url: string, cwd: string): Promise<void> {
  if (providerOf(url) === "sqlite") {
    const file = sqliteFilePath(url, cwd);
    if (!existsSync(file)) {
      throw new DatabaseError("P1003", `Database \`${path.basename(file)}\` does not exist at \`${file}\`.`);
    }
    return;
  }
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw postgresConnectError(error, url);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Creates the database named by the URL and returns its name. */
export async function createDatabase(url: string, cwd: string): Promise<string> {
  if (providerOf(url) === "sqlite") {
    const file = sqliteFilePath(url, cwd);
    mkdirSync(path.dirname(file), { recursive: true });
    new Database(file).close();
    return path.basename(file);
  }
  const name = postgresDatabaseName(url);
  const maintenance = new URL(url);
  maintenance.pathname = "/postgres";
  const client = new pg.Client({ connectionString: maintenance.toString() });
  try {
    await client.connect();
    await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } catch (error) {
    if (pgCode(error) !== PG_DUPLICATE_DATABASE) throw postgresConnectError(error, url);
  } finally {
    await client.end().catch(() => {});
  }
  return name;
}

function postgresDatabaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, "")) || "postgres";
}

function postgresLocation(url: string): string {
  const parsed = new URL(url);
  return parsed.host || (parsed.searchParams.get("host") ?? "localhost");
}

function postgresConnectError(error: unknown, url: string): DatabaseError {
  const code = pgCode(error);
  const at = postgresLocation(url);
  if (code === PG_INVALID_CATALOG) {
    return new DatabaseError("P1003", `Database \`${postgresDatabaseName(url)}\` does not exist on the database server at \`${at}\`.`);
  }
  if (code && PG_AUTH_FAILURES.has(code)) {
    return new DatabaseError("P1000", `Authentication failed against database server at \`${at}\`.`);
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new DatabaseError("P1001", `Can't reach database server at \`${at}\`: ${reason}`);
}

function pgCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}
