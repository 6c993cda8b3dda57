import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/server/db/client";
import { applyMigrations } from "@/server/db/migrate";
import type { Db } from "@/server/db/types";
import { readRevoked } from "@/server/fleet/revocation";
import { revokeHost } from "@/server/fleet/revoke-host";
import { addHost } from "./host-add";

describe("stockade host add", () => {
  let dir: string;
  let db: Db;
  const lines: string[] = [];
  const io = (answer: boolean) => ({ dataDir: dir, db, print: (line: string) => lines.push(line), confirm: async () => answer });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "stockade-host-add-"));
    const url = `file:${path.join(dir, "web.db")}`;
    await applyMigrations(url);
    db = createPrismaClient(url);
  });

  afterAll(async () => {
    await db?.$disconnect();
    await rm(dir, { recursive: true, force: true });
  });

  const shownFingerprint = () => /fingerprint: (\S+)/.exec(lines.join("\n"))?.[1];

  it("shows the agent's fingerprint and records nothing when the operator says no", async () => {
    expect(await addHost({ name: "alpha", address: "127.0.0.1:1" }, io(false))).toBe(false);
    expect(shownFingerprint()).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(await db.host.count({ where: { id: "alpha" } })).toBe(0);
    expect((await stat(path.join(dir, "fleet", "ca.key"))).mode & 0o777).toBe(0o600);
  });

  it("records the host with the same fingerprint once confirmed, or given with --fingerprint", async () => {
    const fingerprint = shownFingerprint()!;
    lines.length = 0;
    expect(await addHost({ name: "alpha", address: "127.0.0.1:1" }, io(true))).toBe(true);
    expect(shownFingerprint()).toBe(fingerprint);
    expect(await db.host.findUnique({ where: { id: "alpha" } })).toMatchObject({ address: "127.0.0.1:1", fingerprint });
    expect(lines.join("\n")).toMatch(/not reachable yet/);
    expect(await addHost({ name: "alpha", address: "127.0.0.1:1", fingerprint: fingerprint.toLowerCase() }, io(false))).toBe(true);
  });

  it("refuses a --fingerprint that is not the agent's certificate, and reissues for a new address, revoking the old", async () => {
    await expect(addHost({ name: "alpha", address: "127.0.0.1:1", fingerprint: "AB:CD" }, io(true))).rejects.toThrow(
      /Fingerprint mismatch/,
    );
    const before = (await db.host.findUniqueOrThrow({ where: { id: "alpha" } })).fingerprint;
    await addHost({ name: "alpha", address: "127.0.0.2:1", yes: true }, io(false));
    const after = await db.host.findUniqueOrThrow({ where: { id: "alpha" } });
    expect(after).toMatchObject({ address: "127.0.0.2:1" });
    expect(after.fingerprint).not.toBe(before);
    expect((await readRevoked(path.join(dir, "fleet"))).map((entry) => entry.fingerprint)).toEqual([before]);
  });

  it("--renew after a host revoke says the old certificate was already revoked, and audits the renewal with both", async () => {
    const before = (await db.host.findUniqueOrThrow({ where: { id: "alpha" } })).fingerprint;
    await revokeHost("alpha", { dataDir: dir, db, actor: { id: null, name: "test" } });
    lines.length = 0;
    expect(await addHost({ name: "alpha", address: "127.0.0.2:1", yes: true, renew: true }, io(false))).toBe(true);
    expect(lines.join("\n")).toContain(`SHA-256 ${before}) was already revoked`);
    const renewals = await db.auditEvent.findMany({ where: { action: "host.renew", target: "alpha" }, orderBy: { at: "asc" } });
    expect(JSON.parse(renewals.at(-1)!.details!)).toMatchObject({
      old: { fingerprint: before },
      new: { fingerprint: shownFingerprint() },
      oldAlreadyRevoked: true,
    });
  });
});
