import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { SchemaFile } from "./wasm";

// The argv the Prisma CLI passes to PRISMA_SCHEMA_ENGINE_BINARY:
//   session:  [--datamodels FILE]... [--datasource JSON] [--enabled-preview-features A,B] [--extension-types JSON]
//   one-off:  --datasource JSON cli can-connect-to-database|create-database

const datasourceSchema = z.object({
  url: z.string().min(1).optional(),
  shadowDatabaseUrl: z.string().optional(),
});

export type CliCommand = "can-connect-to-database" | "create-database";

export interface EngineArgs {
  schemaFiles: SchemaFile[];
  url: string | undefined;
  command: CliCommand | undefined;
}

const commandSchema = z.enum(["can-connect-to-database", "create-database"]);
const FLAGS_WITH_VALUE = new Set(["--datamodels", "--datasource", "--enabled-preview-features", "--extension-types"]);

export function parseArgs(argv: string[], cwd: string): EngineArgs {
  const datamodels: string[] = [];
  let datasource: z.infer<typeof datasourceSchema> = {};
  let command: CliCommand | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (FLAGS_WITH_VALUE.has(arg)) {
      const value = argv[++i] ?? "";
      if (arg === "--datamodels") datamodels.push(value);
      if (arg === "--datasource") datasource = datasourceSchema.parse(JSON.parse(value));
    } else if (arg === "cli") {
      command = commandSchema.parse(argv[++i]);
    } else {
      throw new Error(`Unknown argument: ${arg}`);
    }
  }
  const schemaFiles = datamodels.map((file) => ({
    path: file,
    content: readFileSync(path.resolve(cwd, file), "utf8"),
  }));
  return { schemaFiles, url: datasource.url, command };
}
