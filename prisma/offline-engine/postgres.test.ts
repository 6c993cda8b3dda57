import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../../server/db/migrate";
import { createPrismaClient } from "../../server/db/client";
import { expectDeployThenUpToDate, runPrisma } from "../test-support/cli";
import { makeProject, migrationSql } from "../test-support/project";
import { findPostgresBin, startPostgres, type TestPostgres } from "../test-support/postgres";

const bin = findPostgresBin();
const postgresDir = path.resolve(import.meta.dirname, "../postgres");
// Each CLI run takes 1-3 s alone; generous limits keep a busy machine from failing the tests.
const CLI_TIMEOUT = 90_000;
if (!bin) console.warn("PostgreSQL is not installed (/usr/lib/postgresql/*/bin/initdb): skipping PostgreSQL migration tests");

describe.skipIf(!bin)("migrations on a throwaway PostgreSQL cluster [integration]", () => {
  let server: TestPostgres;
  beforeAll(async () => {
    server = await startPostgres(bin ?? "");
  });
  afterAll(() => server?.stop());

  it(
    "applyMigrations creates the database, applies the migrations once, and the client works",
    async () => {
      const url = server.urlFor("inprocess");
      const applied = await applyMigrations(url);
      expect(applied.length).toBeGreaterThan(0);
      expect(await applyMigrations(url)).toEqual([]);

      const db = createPrismaClient(url);
      try {
        await db.host.create({ data: { id: "h1", name: "local", driver: "linux" } });
        expect(await db.host.count()).toBe(1);
      } finally {
        await db.$disconnect();
      }
      const status = await runPrisma(["migrate", "status"], { env: { DATABASE_URL: url } });
      expect(status.output).toMatch(/Database schema is up to date!/);
    },
    CLI_TIMEOUT,
  );

  it(
    "the stock CLI's migrate deploy works with no network, then status is up to date",
    async () => {
      await expectDeployThenUpToDate({ DATABASE_URL: server.urlFor("cli") }, /PostgreSQL database cli created/);
    },
    CLI_TIMEOUT,
  );

  it(
    "migrate dev creates a migration through a shadow database and drops it afterwards",
    async () => {
      const project = mkdtempSync(path.join(os.tmpdir(), "stockade-pg-dev-"));
      try {
        const url = server.urlFor("dev");
        const migrations = path.join(postgresDir, "migrations");
        makeProject(project, { schema: path.join(postgresDir, "schema.prisma"), migrations, url });
        const dev = await runPrisma(["migrate", "dev", "--name", "add_extra"], { cwd: project });
        expect(dev.output).toMatch(/Your database is now in sync with your schema/);
        expect(migrationSql(project, "add_extra")).toMatch(/CREATE TABLE "Extra"/);
        expect(await shadowDatabases(url)).toEqual([]);
      } finally {
        rmSync(project, { recursive: true, force: true });
      }
    },
    CLI_TIMEOUT,
  );
});

async function shadowDatabases(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'",
    );
    return result.rows.map((row) => row.datname);
  } finally {
    await client.end();
  }
}
