import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

// A schema's provider is fixed, so PostgreSQL gets its own schema file; it is derived from the
// SQLite one so that the models can only be edited in one place (sync-schemas.test.ts checks it).

const prismaDir = import.meta.dirname;
export const SQLITE_SCHEMA = path.join(prismaDir, "schema.prisma");
export const POSTGRES_SCHEMA = path.join(prismaDir, "postgres", "schema.prisma");

const HEADER = `// GENERATED from prisma/schema.prisma by \`npm run db:sync-schemas\`: do not edit by hand.
// PostgreSQL, for several web processes sharing one database.
`;

function replaceOnce(text: string, pattern: RegExp, replacement: string): string {
  if (!pattern.test(text)) throw new Error(`prisma/schema.prisma no longer matches ${pattern}`);
  return text.replace(pattern, replacement);
}

export function postgresSchemaFrom(sqliteSchema: string): string {
  // Drop the SQLite file's own header comment: everything before the first block.
  let schema = replaceOnce(sqliteSchema, /^(\/\/[^\n]*\n)+/, HEADER);
  schema = replaceOnce(schema, /(datasource db \{\s*provider\s*=\s*)"sqlite"/, '$1"postgresql"');
  // Each provider needs its own generated client (the query compiler is provider-specific).
  return replaceOnce(schema, /(output\s*=\s*)"\.\/generated\/client"/, '$1"../generated/postgres/client"');
}

export function syncSchemas(): boolean {
  const wanted = postgresSchemaFrom(readFileSync(SQLITE_SCHEMA, "utf8"));
  const current = existsSync(POSTGRES_SCHEMA) ? readFileSync(POSTGRES_SCHEMA, "utf8") : "";
  if (current === wanted) return false;
  writeFileSync(POSTGRES_SCHEMA, wanted);
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const changed = syncSchemas();
  console.log(changed ? `Wrote ${path.relative(process.cwd(), POSTGRES_SCHEMA)}` : "PostgreSQL schema already in sync");
}
