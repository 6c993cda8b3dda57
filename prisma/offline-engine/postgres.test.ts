import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../../server/db/migrate";
import { createPrismaClient } from "../../server/db/client";
import { runPrisma } from "../test-support/cli";
import { findPostgresBin, startPostgres, type TestPostgres } from "../test-support/postgres";

const bin = findPostgresBin();
if (!bin) console.warn("PostgreSQL is not installed (/usr/lib/postgresql/*/bin/initdb): skipping PostgreSQL migration tests");

describe.skipIf(!bin)("migrations on a throwaway PostgreSQL cluster [integration]", () => {
  let server: TestPostgres;
  beforeAll(async () => {
    server = await startPostgres(bin ?? "");
  });
  afterAll(() => server?.stop());

  it("applyMigrations creates the database, applies the migrations once, and the client works", async () => {
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
  });

  it("the stock CLI's migrate deploy works with no network, then status is up to date", async () => {
    const env = { DATABASE_URL: server.urlFor("cli") };
    const deploy = await runPrisma(["migrate", "deploy"], { env });
    expect(deploy.output).toMatch(/PostgreSQL database cli created/);
    expect(deploy.output).toMatch(/All migrations have been successfully applied/);
    expect(deploy.status).toBe(0);

    const status = await runPrisma(["migrate", "status"], { env });
    expect(status.output).toMatch(/Database schema is up to date!/);
    expect(status.status).toBe(0);
  });
});
