import { rmSync } from "node:fs";
import Database from "better-sqlite3";
import type { MigrationList, SchemaFilter } from "@prisma/schema-engine-wasm/schema_engine_bg";
import { providerOf, sqliteFilePath } from "../datasource";
import { createAdapterFactory, type TrackedFactory } from "./adapters";
import { createWasmEngine, type SchemaEngine, type SchemaFile } from "./wasm";

export interface EngineOptions {
  url: string;
  schemaFiles: SchemaFile[];
  /** Directory that relative `file:` URLs are resolved against. */
  cwd?: string;
  log?: (line: string) => void;
}

type Method = (params: unknown) => Promise<unknown>;

// The JSON-RPC methods the CLI sends that map one to one onto the wasm engine.
const FORWARDED = [
  "applyMigrations",
  "dbExecute",
  "diff",
  "ensureConnectionValidity",
  "introspect",
  "introspectSql",
  "markMigrationApplied",
  "markMigrationRolledBack",
  "schemaPush",
] as const;

interface MigrationsInput {
  migrationsList: MigrationList;
  filters: SchemaFilter;
}

/** The wasm schema engine plus the workarounds that make it behave like the native one. */
export class OfflineEngine {
  private engine!: SchemaEngine;
  private factory!: TrackedFactory;
  private readonly sqliteFile: string | undefined;

  private constructor(private readonly options: EngineOptions) {
    this.sqliteFile = providerOf(options.url) === "sqlite" ? sqliteFilePath(options.url, options.cwd) : undefined;
  }

  static async open(options: EngineOptions): Promise<OfflineEngine> {
    const engine = new OfflineEngine(options);
    await engine.start();
    return engine;
  }

  private async start(): Promise<void> {
    this.factory = createAdapterFactory(this.options.url, this.sqliteFile ?? "");
    const log = this.options.log ?? (() => {});
    this.engine = await createWasmEngine(this.options.schemaFiles, this.factory, log);
  }

  async close(): Promise<void> {
    this.engine.free();
    await this.factory.closeAll();
  }

  /** Runs one JSON-RPC method; an unknown name throws a MethodNotFoundError. */
  async call(method: string, params: unknown): Promise<unknown> {
    const handler = this.handlers()[method];
    if (!handler) throw new MethodNotFoundError(method);
    return handler(params);
  }

  private handlers(): Record<string, Method> {
    const handlers: Record<string, Method> = {
      devDiagnostic: (params) => this.withMigrationsTable(() => this.engine.devDiagnostic(params as never)),
      diagnoseMigrationHistory: (params) => this.withMigrationsTable(() => this.engine.diagnoseMigrationHistory(params as never)),
      createMigration: (params) => this.afterDevDiagnostic(params as MigrationsInput, () => this.engine.createMigration(params as never)),
      evaluateDataLoss: (params) => this.afterDevDiagnostic(params as MigrationsInput, () => this.engine.evaluateDataLoss(params as never)),
      reset: (params) => this.reset(params),
      getDatabaseVersion: (params) => this.engine.version(params as never),
    };
    for (const name of FORWARDED) {
      handlers[name] = (params) => (this.engine[name] as (p: unknown) => Promise<unknown>).call(this.engine, params);
    }
    return handlers;
  }

  /**
   * The wasm engine only hands the shadow database to the connector while devDiagnostic uses it
   * (not when it has no reason to, e.g. on a fresh database); without it createMigration and
   * evaluateDataLoss fail ("shadow DB must be provided through an external factory"). Running
   * it right before them is cheap and leaves the database untouched.
   */
  private async afterDevDiagnostic(params: MigrationsInput, run: () => Promise<unknown>): Promise<unknown> {
    const { migrationsList, filters } = params;
    await this.withMigrationsTable(() => this.engine.devDiagnostic({ migrationsList, filters }));
    return run();
  }

  /**
   * On a fresh SQLite database the wasm engine reports P1014 (no _prisma_migrations) instead of
   * an empty history: ask again with an empty table in place, then remove it so nothing changes.
   */
  private async withMigrationsTable<T>(ask: () => Promise<T>): Promise<T> {
    try {
      return await ask();
    } catch (error) {
      if (!this.sqliteFile || !isEngineError(error, "P1014")) throw error;
      runSqlite(this.sqliteFile, CREATE_MIGRATIONS_TABLE);
      try {
        const result = await ask();
        return withoutMigrationsTable(result);
      } finally {
        runSqlite(this.sqliteFile, `DROP TABLE IF EXISTS "_prisma_migrations"`);
      }
    }
  }

  /** The wasm engine's SQLite reset only deletes rows; the native one starts from an empty file. */
  private async reset(params: unknown): Promise<unknown> {
    if (!this.sqliteFile) return this.engine.reset(params as never);
    await this.close();
    for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(this.sqliteFile + suffix, { force: true });
    runSqlite(this.sqliteFile, "VACUUM");
    await this.start();
    return {};
  }
}

export class MethodNotFoundError extends Error {
  constructor(method: string) {
    super(`Method not found: ${method}`);
    this.name = "MethodNotFoundError";
  }
}

export function isEngineError(error: unknown, code: string): boolean {
  return error instanceof Error && (error as Error & { code?: unknown }).code === code;
}

function withoutMigrationsTable<T>(result: T): T {
  if (result && typeof result === "object" && "hasMigrationsTable" in result) {
    return { ...result, hasMigrationsTable: false };
  }
  return result;
}

function runSqlite(file: string, sql: string): void {
  const db = new Database(file);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

// The native engine's SQLite definition, so a diagnosis against it matches a real empty history.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;
