import fs from "node:fs";
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const eslint = new ESLint({ cwd: ROOT });

/** Lints a fixture as if it were the file at `asFile`: the rule judges by where a file lives. */
async function boundaryErrors(fixture: string, asFile: string): Promise<string[]> {
  const code = fs.readFileSync(path.join(import.meta.dirname, "fixtures", fixture), "utf8");
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, asFile) });
  return (result?.messages ?? []).filter((m) => m.ruleId === "stockade/import-boundaries").map((m) => m.message);
}

describe("import boundaries (npm run lint)", () => {
  it.each([
    ["browser-imports-server.txt", "app/(shell)/jails/jail-fixture.tsx", /browser code imports only types/],
    ["browser-imports-server-relative.txt", "app/_components/fixture.tsx", /browser code imports only types/],
    ["web-imports-agent-internals.txt", "server/api/routers/fixture.ts", /only through server\/agent\/protocol/],
    ["web-imports-agent-relative.txt", "server/realtime/fixture.ts", /only through server\/agent\/protocol/],
    ["agent-imports-web.txt", "server/agent/methods/fixture.ts", /the agent imports only its own files/],
    ["agent-imports-agent-client.txt", "server/agent/drivers/fixture.ts", /the agent imports only its own files/],
    ["shared-imports-node.txt", "shared/fixture.ts", /must not import Node modules/],
  ])("refuses %s as %s", async (fixture, asFile, reason) => {
    const errors = await boundaryErrors(fixture, asFile);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(reason);
  });

  it.each([
    ["browser-imports-types.txt", "app/(shell)/jails/jail-fixture.tsx"],
    ["web-imports-protocol.txt", "server/api/routers/fixture.ts"],
    ["agent-imports-own.txt", "server/agent/methods/fixture.ts"],
    // A server component (a page without "use client") may use server code.
    ["web-imports-protocol.txt", "app/(shell)/page.tsx"],
  ])("allows %s as %s", async (fixture, asFile) => {
    expect(await boundaryErrors(fixture, asFile)).toEqual([]);
  });
});
