import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import { providerOf } from "../datasource";

/**
 * A driver adapter factory for the wasm schema engine that patches the adapters' gaps and
 * remembers every connection it opened, so the engine can be torn down completely (the wasm
 * engine never disposes them, and SQLite's reset must close the file before deleting it).
 */
export interface TrackedFactory extends SqlMigrationAwareDriverAdapterFactory {
  closeAll(): Promise<void>;
}

export function createAdapterFactory(url: string, sqliteFile: string): TrackedFactory {
  return providerOf(url) === "sqlite" ? sqliteFactory(sqliteFile) : postgresFactory(url);
}

function tracking(
  inner: SqlMigrationAwareDriverAdapterFactory,
  open: (kind: "main" | "shadow") => Promise<SqlDriverAdapter>,
): TrackedFactory {
  const opened = new Set<SqlDriverAdapter>();
  const remember = async (kind: "main" | "shadow") => {
    const adapter = await open(kind);
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      if (opened.delete(adapter)) await dispose();
    };
    opened.add(adapter);
    return adapter;
  };
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: () => remember("main"),
    connectToShadowDb: () => remember("shadow"),
    async closeAll() {
      for (const adapter of [...opened]) await adapter.dispose();
    },
  };
}

// --- SQLite ---

function sqliteFactory(file: string): TrackedFactory {
  const inner = new PrismaBetterSqlite3({ url: file });
  return tracking(inner, async (kind) => withScriptFallback(kind === "main" ? await inner.connect() : await inner.connectToShadowDb()));
}

/**
 * The engine replays a whole migration on the shadow database through one executeRaw, which
 * better-sqlite3 refuses ("contains more than one statement"); such argument-less scripts
 * are run with exec instead.
 */
function withScriptFallback(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query: SqlQuery) => {
    try {
      return await executeRaw(query);
    } catch (error) {
      if (query.args.length > 0 || !String(error).includes("more than one statement")) throw error;
      await adapter.executeScript(query.sql);
      return 0;
    }
  };
  return adapter;
}

// --- PostgreSQL ---

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

interface PgResult {
  fields: { dataTypeID: number }[];
}
interface PgQueryable {
  performIO(query: SqlQuery): Promise<PgResult>;
}
interface PgScriptRunner {
  underlyingDriver(): { query(sql: string): Promise<unknown> };
  /** Rethrows a pg error as the DriverAdapterError the engine understands. */
  onError(error: unknown): never;
}

function postgresFactory(url: string): TrackedFactory {
  const inner = new PrismaPg({ connectionString: url });
  const connect = async (connectionString: string) => patchPostgres(await new PrismaPg({ connectionString }).connect());
  return tracking(inner, (kind) => (kind === "main" ? connect(url) : connectShadow(url, connect)));
}

/**
 * adapter-pg's own shadow database is broken twice over: it passes the database name next to a
 * connection string, which pg ignores (so it would connect to the main database), and it drops
 * the database before closing its pool ("is being accessed by other users").
 */
async function connectShadow(url: string, connect: (connectionString: string) => Promise<SqlDriverAdapter>): Promise<SqlDriverAdapter> {
  const admin = await connect(url);
  const database = `prisma_migrate_shadow_db_${globalThis.crypto.randomUUID()}`;
  await admin.executeScript(`CREATE DATABASE "${database}"`);
  const shadowUrl = new URL(url);
  shadowUrl.pathname = `/${database}`;
  const shadow = await connect(shadowUrl.toString());
  const closeShadow = shadow.dispose.bind(shadow);
  shadow.dispose = async () => {
    await closeShadow();
    await admin.executeScript(`DROP DATABASE IF EXISTS "${database}"`);
    await admin.dispose();
  };
  return shadow;
}

function patchPostgres(adapter: SqlDriverAdapter): SqlDriverAdapter {
  reportCharAsText(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => {
    const transaction: Transaction = await startTransaction(isolationLevel);
    reportCharAsText(transaction);
    return transaction;
  };
  // adapter-pg splits scripts on every ";" (breaking string literals and function bodies);
  // the simple query protocol runs a whole multi-statement script as the native engine does.
  const runner = adapter as unknown as PgScriptRunner;
  adapter.executeScript = async (script: string) => {
    try {
      await runner.underlyingDriver().query(script);
    } catch (error) {
      runner.onError(error);
    }
  };
  return adapter;
}

/**
 * The engine introspects pg_catalog columns of type "char" (oid 18), which adapter-pg 7.10
 * cannot map ("could not be deserialized"); its values arrive as strings, so report them as text.
 */
function reportCharAsText(queryable: object): void {
  const target = queryable as PgQueryable;
  const performIO = target.performIO.bind(target);
  target.performIO = async (query: SqlQuery) => {
    const result = await performIO(query);
    for (const field of result.fields) {
      if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    }
    return result;
  };
}
