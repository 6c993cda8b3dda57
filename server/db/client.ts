import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { resolveDatasource, sqliteFilePath } from "../../prisma/datasource";
import { PrismaClient } from "../../prisma/generated/client/client";
import { PrismaClient as PostgresPrismaClient } from "../../prisma/generated/postgres/client/client";

/**
 * A PrismaClient for DATABASE_URL (unset: the SQLite default) with the matching driver adapter:
 * better-sqlite3 for `file:`, pg for `postgres(ql)://`. Each provider has its own generated
 * client; both come from the same models, so the PostgreSQL one is typed as the SQLite one.
 */
export function createPrismaClient(databaseUrl: string | undefined): PrismaClient {
  const { provider, url } = resolveDatasource(databaseUrl);
  if (provider === "postgresql") {
    return new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as PrismaClient;
  }
  const file = sqliteFilePath(url);
  mkdirSync(path.dirname(file), { recursive: true });
  return new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: file }) });
}
