import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "./client";
import { applyMigrations } from "./migrate";

const migrations = readdirSync(path.resolve(import.meta.dirname, "../../prisma/migrations"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe("applyMigrations on SQLite", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "stockade-migrate-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("creates the folder and file, applies every migration once, and the client can use the tables", async () => {
    const url = `file:${path.join(dir, "nested", "stockade.db")}`;
    expect(await applyMigrations(url)).toEqual(migrations);
    expect(existsSync(path.join(dir, "nested", "stockade.db"))).toBe(true);
    expect(await applyMigrations(url)).toEqual([]);

    const db = createPrismaClient(url);
    try {
      await db.host.create({ data: { id: "h1", name: "local", driver: "linux" } });
      await db.rateLimit.create({ data: { id: "r1", key: "k", count: 1, lastRequest: 1n } });
      expect(await db.host.count()).toBe(1);
      // The write-ahead log, each commit still synced (FULL = 2) before it returns.
      expect(await db.$queryRawUnsafe("PRAGMA journal_mode")).toEqual([{ journal_mode: "wal" }]);
      expect(await db.$queryRawUnsafe("PRAGMA synchronous")).toEqual([{ synchronous: 2n }]);
    } finally {
      await db.$disconnect();
    }
  });

  it("finds nothing to apply while another connection holds the write-ahead-log database open, as the running web does", async () => {
    const url = `file:${path.join(dir, "held", "stockade.db")}`;
    await applyMigrations(url);
    const web = createPrismaClient(url);
    try {
      await web.host.count();
      expect(await applyMigrations(url)).toEqual([]);
    } finally {
      await web.$disconnect();
    }
  });
});
