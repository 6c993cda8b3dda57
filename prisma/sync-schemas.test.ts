import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { POSTGRES_SCHEMA, postgresSchemaFrom, SQLITE_SCHEMA } from "./sync-schemas";

describe("sync-schemas", () => {
  it("prisma/postgres/schema.prisma is up to date with prisma/schema.prisma (npm run db:sync-schemas)", () => {
    const expected = postgresSchemaFrom(readFileSync(SQLITE_SCHEMA, "utf8"));
    expect(readFileSync(POSTGRES_SCHEMA, "utf8")).toBe(expected);
  });

  it("changes only the provider, the client output and the header", () => {
    const postgres = postgresSchemaFrom(readFileSync(SQLITE_SCHEMA, "utf8"));
    expect(postgres).toMatch(/provider = "postgresql"/);
    expect(postgres).not.toMatch(/"sqlite"/);
    expect(postgres).toMatch(/output\s*=\s*"\.\.\/generated\/postgres\/client"/);
  });
});
