import type { Db } from "./types";

/** What every refusal says while the database cannot be reached (tRPC, sign-in, the sign-in page). */
export const DATABASE_UNREACHABLE_MESSAGE =
  "The database (PostgreSQL) is unreachable: sign-in and changes are refused until it is back. Nothing was changed.";

// Seen with the pg adapter when the server is stopped (server/api/database-down.test.ts):
// - a pooled connection the server dropped: pg's plain Error "Connection terminated unexpectedly";
// - new connections: PrismaClientKnownRequestError P1001, or P2010 for raw queries, both with
//   meta.driverAdapterError.cause.kind "DatabaseNotReachable";
// - pg_ctl's fast/smart stop: the server's 57P01 "terminating connection due to administrator command".
const PRISMA_CODES = new Set(["P1001", "P1002", "P1017"]);
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout"]);
const SOCKET_OR_SERVER_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "ETIMEDOUT", "EPIPE", "57P01", "57P02", "57P03"]);
const PG_CONNECTION_MESSAGES =
  /^(Connection terminated( unexpectedly| due to connection timeout)?|timeout exceeded when trying to connect)$/;

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown } } };
  cause?: unknown;
}

/** One error, without its causes. Names, not classes: each generated Prisma client has its own classes. */
function saysUnreachable(error: ErrorLike): boolean {
  if (error.name === "PrismaClientInitializationError") return true;
  if (typeof error.code === "string" && (PRISMA_CODES.has(error.code) || SOCKET_OR_SERVER_CODES.has(error.code))) return true;
  const adapter = error.meta?.driverAdapterError?.cause;
  if (adapter && (ADAPTER_KINDS.has(String(adapter.kind)) || SOCKET_OR_SERVER_CODES.has(String(adapter.originalCode)))) return true;
  const kind = (error.cause as { kind?: unknown } | undefined)?.kind;
  if (error.name === "DriverAdapterError" && ADAPTER_KINDS.has(String(kind))) return true;
  return typeof error.message === "string" && PG_CONNECTION_MESSAGES.test(error.message);
}

/** Whether this error, or one it was caused by, means the database cannot be reached (rather than a query being wrong). */
export function isDatabaseUnreachable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const candidate = error as ErrorLike;
  return saysUnreachable(candidate) || isDatabaseUnreachable(candidate.cause, depth + 1);
}

/** True when the database answers a trivial query; false when it cannot be reached. Other failures are thrown. */
export async function databaseReachable(db: Db): Promise<boolean> {
  try {
    await db.$queryRaw`SELECT 1`;
    return true;
  } catch (error) {
    if (isDatabaseUnreachable(error)) return false;
    throw error;
  }
}
