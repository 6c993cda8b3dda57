import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPostgresBin, startPostgres, type TestPostgres } from "@/prisma/test-support/postgres";
import { createPrismaClient } from "@/server/db/client";
import { applyMigrations } from "@/server/db/migrate";
import { applyAuditRetention } from "./retention";

const DAY_MS = 86_400_000;

/** The same checks on each database: the triggers, not the code, keep the log append-only. */
function appendOnlyChecks(urlOf: () => Promise<string>) {
  let db: ReturnType<typeof createPrismaClient>;
  beforeAll(async () => {
    const url = await urlOf();
    await applyMigrations(url);
    db = createPrismaClient(url);
  });
  afterAll(() => db?.$disconnect());

  const event = (at: Date) =>
    db.auditEvent.create({ data: { at, actorName: "alice", action: "jails.start", targetType: "jail", target: "www1", result: "ok" } });

  it("refuses any UPDATE, even of an old event", async () => {
    const old = await event(new Date(Date.now() - 400 * DAY_MS));
    await expect(db.auditEvent.update({ where: { id: old.id }, data: { result: "denied" } })).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "actorName" = 'mallory'`)).rejects.toThrow(/append-only/);
  });

  it("refuses deleting an event younger than the retention", async () => {
    const recent = await event(new Date(Date.now() - DAY_MS));
    await expect(db.auditEvent.delete({ where: { id: recent.id } })).rejects.toThrow(/younger than the retention/);
    await expect(db.$executeRawUnsafe(`DELETE FROM "AuditEvent"`)).rejects.toThrow(/younger than the retention/);
    expect(await db.auditEvent.count({ where: { id: recent.id } })).toBe(1);
  });

  it("lets the retention job delete what is older than the retention, and only that", async () => {
    await event(new Date(Date.now() - 40 * DAY_MS));
    const kept = await event(new Date(Date.now() - 10 * DAY_MS));
    const before = await db.auditEvent.count();
    expect(await applyAuditRetention(db, 30)).toBe(2);
    expect(await db.auditEvent.count()).toBe(before - 2);
    expect(await db.auditEvent.count({ where: { id: kept.id } })).toBe(1);
  });
}

describe("audit events on SQLite", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "stockade-audit-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  appendOnlyChecks(async () => `file:${path.join(dir, "audit.db")}`);
});

const bin = findPostgresBin();
describe.skipIf(!bin)("audit events on PostgreSQL [integration]", () => {
  let server: TestPostgres;
  afterAll(() => server?.stop());
  appendOnlyChecks(async () => {
    server = await startPostgres(bin ?? "");
    return server.urlFor("audit");
  });
});
