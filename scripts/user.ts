/**
 * npm run user -- create NAME [--role admin|operator|viewer] [--name "Full Name"]
 * npm run user -- reset-password NAME
 * Prints the new one-time password once.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { ROLE_NAMES } from "@/server/auth/permissions";
import { createUser, ensureBaseRows, resetPassword } from "@/server/auth/users";
import { webConfig } from "@/server/config";
import { applyMigrations } from "@/server/db/migrate";
import os from "node:os";

const usage = "usage: npm run user -- create NAME [--role admin|operator|viewer] [--name NAME] | reset-password NAME";

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { role: { type: "string", default: "viewer" }, name: { type: "string" } },
  });
  const [command, username] = positionals;
  if (!username || (command !== "create" && command !== "reset-password")) throw new Error(usage);
  await applyMigrations(webConfig().databaseUrl);
  await ensureBaseRows(os.hostname(), process.platform === "freebsd" ? "freebsd" : "linux");
  const result =
    command === "create"
      ? await createUser({ username, name: values.name, role: z.enum(ROLE_NAMES).parse(values.role) })
      : await resetPassword(username);
  console.log(`${result.username}: one-time password ${result.password}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof z.ZodError ? error.issues.map((issue) => issue.message).join("\n") : (error as Error).message);
    process.exit(1);
  },
);
