/**
 * npm run stockade -- jails list | jails start NAME | jails stop NAME
 * Talks to Stockade's tRPC endpoint with an API token: STOCKADE_TOKEN (required) and
 * STOCKADE_URL (default http://127.0.0.1:3000). Exit code 1 with the server's message on refusal.
 * npm run stockade -- host add NAME ADDRESS: enrols a remote agent (scripts/lib/host-cli.ts), locally.
 */
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import { z } from "zod";
import type { AppRouter } from "@/server/api/root";
import { hostUsage, runHostCommand } from "./lib/host-cli";

const usage = `usage: npm run stockade -- jails list | jails start NAME | jails stop NAME   (STOCKADE_TOKEN, STOCKADE_URL)\n       ${hostUsage}`;

const envSchema = z.object({
  STOCKADE_TOKEN: z.string({ error: "Set STOCKADE_TOKEN to an API token (Team → API tokens)" }).min(1),
  STOCKADE_URL: z.url({ error: "STOCKADE_URL must be a URL like http://127.0.0.1:3000" }).default("http://127.0.0.1:3000"),
});

function apiClient() {
  const parsedEnv = envSchema.safeParse(process.env);
  if (!parsedEnv.success) {
    console.error(parsedEnv.error.issues.map((issue) => issue.message).join("\n"));
    process.exit(2);
  }
  const env = parsedEnv.data;
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: new URL("/api/trpc", env.STOCKADE_URL).toString(),
        transformer: superjson,
        headers: { authorization: `Bearer ${env.STOCKADE_TOKEN}` },
      }),
    ],
  });
}

async function run(args: string[]): Promise<string> {
  const [area, command, name] = args;
  if (area === "host") return runHostCommand(args.slice(1));
  if (area !== "jails") throw new Error(usage);
  const client = apiClient();
  if (command === "list") {
    const jails = await client.jails.list.query();
    return jails.map((jail) => `${jail.name}\t${jail.state}\t${[...jail.ipv4, ...jail.ipv6].join(",") || "-"}`).join("\n");
  }
  if (!name || (command !== "start" && command !== "stop")) throw new Error(usage);
  const jail = command === "start" ? await client.jails.start.mutate({ name }) : await client.jails.stop.mutate({ name });
  return `${jail.name}\t${jail.state}`;
}

run(process.argv.slice(2)).then(
  (output) => {
    if (output) console.log(output);
    // The database client keeps the event loop alive after `host add`.
    process.exit(process.exitCode ?? 0);
  },
  (error: unknown) => {
    if (error instanceof z.ZodError) console.error(error.issues.map((issue) => issue.message).join("\n"));
    else console.error(error instanceof TRPCClientError ? `Stockade refused: ${error.message}` : (error as Error).message);
    process.exit(1);
  },
);
