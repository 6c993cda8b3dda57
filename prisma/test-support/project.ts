import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SHIM } from "./cli";

/**
 * A scratch Prisma project (schema with an extra model, copied migrations, own config) so that
 * `migrate dev` can write a migration without touching the repository's.
 */
export function makeProject(dir: string, from: { schema: string; migrations: string; url: string }): void {
  cpSync(from.migrations, path.join(dir, "migrations"), { recursive: true });
  const schema = readFileSync(from.schema, "utf8").replace(/output\s*=\s*"[^"]*"/, 'output = "./generated"');
  writeFileSync(path.join(dir, "schema.prisma"), `${schema}\nmodel Extra {\n  id Int @id\n  note String\n}\n`);
  writeFileSync(
    path.join(dir, "prisma.config.ts"),
    `process.env.PRISMA_SCHEMA_ENGINE_BINARY = ${JSON.stringify(SHIM)};\n` +
      `export default { schema: "schema.prisma", migrations: { path: "migrations" }, datasource: { url: ${JSON.stringify(from.url)} } };\n`,
  );
}

/** The SQL of the one migration whose folder name ends with `_${name}`. */
export function migrationSql(dir: string, name: string): string {
  const folders = readdirSync(path.join(dir, "migrations")).filter((folder) => folder.endsWith(`_${name}`));
  if (folders.length !== 1) throw new Error(`expected one migration named ${name}, found ${folders.length}`);
  return readFileSync(path.join(dir, "migrations", folders[0] ?? "", "migration.sql"), "utf8");
}
