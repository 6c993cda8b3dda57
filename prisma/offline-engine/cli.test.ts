import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runPrisma, SHIM } from "../test-support/cli";

const prismaDir = path.resolve(import.meta.dirname, "..");

describe("stock Prisma CLI through the offline engine (SQLite)", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "stockade-cli-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("migrate deploy creates a fresh database with no network, then status is up to date", async () => {
    const env = { DATABASE_URL: `file:${path.join(dir, "deploy", "stockade.db")}` };
    const deploy = await runPrisma(["migrate", "deploy"], { env });
    expect(deploy.output).toMatch(/SQLite database stockade\.db created/);
    expect(deploy.output).toMatch(/All migrations have been successfully applied/);
    expect(deploy.status).toBe(0);

    const status = await runPrisma(["migrate", "status"], { env });
    expect(status.output).toMatch(/Database schema is up to date!/);
    expect(status.status).toBe(0);
  });

  it("migrate dev on a copy of the schema with an added model creates and applies a migration", async () => {
    const project = path.join(dir, "dev");
    cpSync(path.join(prismaDir, "migrations"), path.join(project, "migrations"), { recursive: true });
    const schema = readFileSync(path.join(prismaDir, "schema.prisma"), "utf8").replace(
      /output\s*=\s*"[^"]*"/,
      'output = "./generated"',
    );
    writeFileSync(path.join(project, "schema.prisma"), `${schema}\nmodel Extra {\n  id Int @id\n  note String\n}\n`);
    writeFileSync(
      path.join(project, "prisma.config.ts"),
      `process.env.PRISMA_SCHEMA_ENGINE_BINARY = ${JSON.stringify(SHIM)};\n` +
        `export default { schema: "schema.prisma", migrations: { path: "migrations" }, datasource: { url: "file:./dev.db" } };\n`,
    );

    const dev = await runPrisma(["migrate", "dev", "--name", "add_extra"], { cwd: project });
    expect(dev.output).toMatch(/Your database is now in sync with your schema/);
    expect(dev.status).toBe(0);

    const created = readdirSync(path.join(project, "migrations")).filter((name) => name.endsWith("_add_extra"));
    expect(created).toHaveLength(1);
    const sql = readFileSync(path.join(project, "migrations", created[0] ?? "", "migration.sql"), "utf8");
    expect(sql).toMatch(/CREATE TABLE "Extra"/);
    expect(sql).not.toMatch(/CREATE TABLE "Host"/);

    const again = await runPrisma(["migrate", "dev", "--name", "nothing"], { cwd: project });
    expect(again.output).toMatch(/Already in sync/);
  });
});
