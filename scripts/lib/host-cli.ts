import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { webConfig } from "@/server/config";
import { applyMigrations } from "@/server/db/migrate";
import { db } from "@/server/db/prisma";
import { addHost } from "./host-add";
import { revokeHost } from "./host-revoke";

export const hostUsage = [
  "npm run stockade -- host add NAME ADDRESS[:PORT] [--yes | --fingerprint SHA256] [--renew]",
  "npm run stockade -- host revoke NAME",
].join("\n       ");

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    process.stderr.write("No terminal to confirm the fingerprint on: pass --yes or --fingerprint\n");
    return false;
  }
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}

/** `host add` works on this machine's data folder and database: no API token, like `npm run user`. */
export async function runHostCommand(args: string[]): Promise<string> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { yes: { type: "boolean", short: "y" }, fingerprint: { type: "string" }, renew: { type: "boolean" } },
  });
  const [command, name, address] = positionals;
  const config = webConfig();
  if (command === "revoke" && name && positionals.length === 2) {
    await applyMigrations(config.databaseUrl);
    if (!(await revokeHost(name, { dataDir: config.dataDir, db: db(), print: (line) => console.log(line) }))) process.exitCode = 1;
    return "";
  }
  if (command !== "add" || !name || !address || positionals.length > 3) throw new Error(`usage: ${hostUsage}`);
  await applyMigrations(config.databaseUrl);
  const recorded = await addHost(
    { name, address, yes: values.yes, fingerprint: values.fingerprint, renew: values.renew },
    { dataDir: config.dataDir, db: db(), print: (line) => console.log(line), confirm },
  );
  if (!recorded) process.exitCode = 1;
  return "";
}
