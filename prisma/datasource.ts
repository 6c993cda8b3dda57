import path from "node:path";
import { z } from "zod";

// One place decides which database a DATABASE_URL means, so prisma.config.ts, the offline
// engine and server/db can never disagree about the schema or migrations folder.

export type Provider = "sqlite" | "postgresql";

export interface Datasource {
  provider: Provider;
  url: string;
  schemaPath: string;
  migrationsPath: string;
}

export const DEFAULT_DATABASE_URL = "file:./data/stockade.db";

const prismaDir = import.meta.dirname;

const databaseUrlSchema = z
  .string()
  .trim()
  .refine((url) => /^(file:|postgres(ql)?:\/\/)/.test(url), {
    message: "DATABASE_URL must start with file:, postgres:// or postgresql://",
  });

export function providerOf(url: string): Provider {
  return url.startsWith("file:") ? "sqlite" : "postgresql";
}

/** Picks the schema and migrations folder for a DATABASE_URL; unset or empty means the SQLite default. */
export function resolveDatasource(databaseUrl: string | undefined): Datasource {
  const url = databaseUrlSchema.parse(databaseUrl ? databaseUrl : DEFAULT_DATABASE_URL);
  const provider = providerOf(url);
  const dir = provider === "sqlite" ? prismaDir : path.join(prismaDir, "postgres");
  return {
    provider,
    url,
    schemaPath: path.join(dir, "schema.prisma"),
    migrationsPath: path.join(dir, "migrations"),
  };
}

/**
 * The file behind a `file:` URL. Relative paths are taken from the working directory, as the
 * stock schema engine does (the CLI starts it in the directory of prisma.config.ts).
 */
export function sqliteFilePath(url: string, cwd: string = process.cwd()): string {
  const withoutScheme = url.replace(/^file:/, "").replace(/\?.*$/, "");
  return path.resolve(cwd, withoutScheme);
}
