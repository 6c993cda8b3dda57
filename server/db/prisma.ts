import { webConfig } from "@/server/config";
import { createPrismaClient } from "./client";

type Db = ReturnType<typeof createPrismaClient>;

const globalForDb = globalThis as unknown as { stockadeDb?: Db };

/**
 * One client per process. Next's route modules and the custom server are bundled
 * separately, so the instance lives on globalThis rather than in module scope.
 */
export function db(): Db {
  globalForDb.stockadeDb ??= createPrismaClient(webConfig().databaseUrl);
  return globalForDb.stockadeDb;
}
