import { parseArgs, type CliCommand } from "./args";
import { canConnect, createDatabase } from "./database";
import { OfflineEngine } from "./engine";
import { serve, toRpcError } from "./rpc";

// Entry point of the offline schema engine (see ./schema-engine, which the CLI spawns).

function logLine(level: "INFO" | "ERROR", fields: Record<string, unknown>): void {
  const entry = { timestamp: new Date().toISOString(), level, fields, target: "schema_engine::logger" };
  process.stderr.write(`${JSON.stringify(entry)}\n`);
}

async function runCommand(command: CliCommand, url: string | undefined): Promise<number> {
  // The CLI skips the first stderr line and reads the ERROR entry's error_code and message.
  logLine("INFO", { message: `Starting offline schema engine: ${command}` });
  try {
    if (!url) throw new Error("No datasource URL was given.");
    if (command === "can-connect-to-database") await canConnect(url, process.cwd());
    else await createDatabase(url, process.cwd());
    return 0;
  } catch (error) {
    const { data } = toRpcError(error);
    logLine("ERROR", { message: data?.message ?? String(error), error_code: data?.error_code });
    return 1;
  }
}

async function runSession(schemaFiles: Parameters<typeof OfflineEngine.open>[0]["schemaFiles"], url: string | undefined): Promise<number> {
  let engine: Promise<OfflineEngine> | undefined;
  const openEngine = () => {
    if (!url) throw new Error("The schema engine needs a datasource URL (datasource.url in prisma.config.ts).");
    engine ??= OfflineEngine.open({ url, schemaFiles, log: (line) => process.stderr.write(`${line}\n`) });
    return engine;
  };
  const dispatch = async (method: string, params: unknown) => {
    if (method === "createDatabase") {
      return { databaseName: await createDatabase(url ?? "", process.cwd()) };
    }
    return (await openEngine()).call(method, params);
  };
  const outcome = await serve(dispatch, (line) => process.stdout.write(`${line}\n`));
  if (engine) await (await engine).close().catch(() => {});
  return outcome === "panic" ? 101 : 0;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2), process.cwd());
  if (args.command) return runCommand(args.command, args.url);
  return runSession(args.schemaFiles, args.url);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    logLine("ERROR", { message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exit(1);
  },
);
