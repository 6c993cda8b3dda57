/**
 * npm run stockade -- jails list | jails start NAME | jails stop NAME
 * Talks to Stockade's tRPC endpoint with an API token: STOCKADE_TOKEN (required) and
 * STOCKADE_URL (default http://127.0.0.1:3000). Exit code 1 with the server's message on refusal.
 */
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import { z } from "zod";
import type { AppRouter } from "@/server/api/root";

const usage = "usage: npm run stockade -- jails list | jails start NAME | jails stop NAME   (STOCKADE_TOKEN, STOCKADE_URL)";

const envSchema = z.object({
  STOCKADE_TOKEN: z.string({ error: "Set STOCKADE_TOKEN to an API token (Team → API tokens)" }).min(1),
  STOCKADE_URL: z.url({ error: "STOCKADE_URL must be a URL like http://127.0.0.1:3000" }).default("http://127.0.0.1:3000"),
});
const parsedEnv = envSchema.safeParse(process.env);
if (!parsedEnv.success) {
  console.error(parsedEnv.error.issues.map((issue) => issue.message).join("\n"));
  process.exit(2);
}
const env = parsedEnv.data;

const client = createTRPCClient<AppRouter>({
  links: [
    httpLink({
      url: new URL("/api/trpc", env.STOCKADE_URL).toString(),
      transformer: superjson,
      headers: { authorization: `Bearer ${env.STOCKADE_TOKEN}` },
    }),
  ],
});

async function run(args: string[]): Promise<string> {
  const [area, command, name] = args;
  if (area !== "jails") throw new Error(usage);
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
  },
  (error: unknown) => {
    console.error(error instanceof TRPCClientError ? `Stockade refused: ${error.message}` : (error as Error).message);
    process.exit(1);
  },
);
