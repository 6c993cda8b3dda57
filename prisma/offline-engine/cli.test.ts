import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { expectDeployThenUpToDate, runPrisma } from "../test-support/cli";
import { makeProject, migrationSql } from "../test-support/project";

const prismaDir = path.resolve(import.meta.dirname, "..");
// Each CLI run takes 1-3 s alone; generous limits keep a busy machine from failing the tests.
const CLI_TIMEOUT = 90_000;

describe("stock Prisma CLI through the offline engine (SQLite)", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "stockade-cli-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    "migrate deploy creates a fresh database with no network, then status is up to date",
    async () => {
      await expectDeployThenUpToDate(
        { DATABASE_URL: `file:${path.join(dir, "deploy", "stockade.db")}` },
        /SQLite database stockade\.db created/,
      );
    },
    CLI_TIMEOUT,
  );

  it(
    "migrate dev on a copy of the schema with an added model creates a migration; reset starts from an empty file",
    async () => {
      const project = path.join(dir, "dev");
      mkdirSync(project);
      const schema = path.join(prismaDir, "schema.prisma");
      makeProject(project, { schema, migrations: path.join(prismaDir, "migrations"), url: "file:./dev.db" });

      const dev = await runPrisma(["migrate", "dev", "--name", "add_extra"], { cwd: project });
      expect(dev.output).toMatch(/Your database is now in sync with your schema/);
      expect(dev.status).toBe(0);
      const sql = migrationSql(project, "add_extra");
      expect(sql).toMatch(/CREATE TABLE "Extra"/);
      expect(sql).not.toMatch(/CREATE TABLE "Host"/);

      const again = await runPrisma(["migrate", "dev", "--name", "nothing"], { cwd: project });
      expect(again.output).toMatch(/Already in sync/);

      const db = new Database(path.join(project, "dev.db"));
      db.exec(`CREATE TABLE "stray" (id INTEGER)`);
      db.close();
      const reset = await runPrisma(["migrate", "reset", "--force"], { cwd: project });
      expect(reset.status).toBe(0);
      const tables = new Database(path.join(project, "dev.db"), { readonly: true });
      const names = tables.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all();
      tables.close();
      expect(names).toContain("Extra");
      expect(names).not.toContain("stray");
      expect(existsSync(path.join(project, "dev.db"))).toBe(true);
    },
    CLI_TIMEOUT,
  );
});
