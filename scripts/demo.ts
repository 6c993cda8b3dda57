/**
 * npm run demo [-- --ssh-key ~/.ssh/id_ed25519.pub] [--dns-upstream 10.0.0.1]   creates the example layout on the running agent
 *   (--dns-upstream: the resolver dns1 forwards other names to, ADDRESS or ADDRESS#PORT; none: only the layout's names)
 * npm run demo -- --remove                              destroys the layout's jails (only those tagged "example")
 * Talks to the agent at STOCKADE_AGENT_SOCKET (default ./data/agent.sock) through server/agent-client.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { z } from "zod";
import { agentConnection } from "@/server/agent-client";
import type { Plan } from "@/server/agent/protocol";
import { applyLayout, removeLayout } from "@/server/layout/apply";
import { dnsUpstreamSchema, sshPublicKeySchema } from "@/server/layout/schema";

const step = (jail: string, message: string) => console.log(`${jail.padEnd(8)} ${message}`);

/** An option's value checked by its schema: a refusal names the option in a sentence, not zod's JSON. */
function checked<T>(option: string, schema: z.ZodType<T>, value: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`--${option}: ${parsed.error.issues.map((issue) => issue.message).join("; ")}`);
  return parsed.data;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { remove: { type: "boolean", default: false }, "ssh-key": { type: "string" }, "dns-upstream": { type: "string" } },
  });
  const conn = agentConnection(process.env.STOCKADE_AGENT_SOCKET);
  if (values.remove) {
    const removed = await removeLayout(conn, { onStep: step });
    console.log(removed.length ? `removed ${removed.join(", ")}` : "no jails of the example layout on this host");
    return 0;
  }
  const keyFile = values["ssh-key"];
  const sshPublicKey = keyFile ? checked("ssh-key", sshPublicKeySchema, (await readFile(keyFile, "utf8")).trim()) : null;
  const upstream = values["dns-upstream"];
  const dnsUpstream = upstream ? checked("dns-upstream", dnsUpstreamSchema, upstream) : null;
  // What the agent's plans said beyond their commands: files1's share is where it is on the host, read-only.
  const notes: string[] = [];
  const onPlan = (plan: Plan) => void notes.push(...plan.warnings.map((w) => `${plan.jail.padEnd(8)} ${w}`));
  const results = await applyLayout(conn, { sshPublicKey, dnsUpstream, onStep: step, onPlan });
  console.log(notes.length ? `\n${notes.join("\n")}\n` : "");
  for (const r of results) {
    const where = `${r.address}:${r.service.port}/${r.service.protocol}`;
    console.log(`${r.ok ? "ok    " : "FAILED"} ${r.name.padEnd(8)} ${where.padEnd(22)} ${r.description}${r.error ? `: ${r.error}` : ""}`);
  }
  if (!keyFile)
    console.log("\nssh into dev1/dev2 needs a key: npm run demo -- --remove, then npm run demo -- --ssh-key ~/.ssh/id_ed25519.pub");
  return results.every((r) => r.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  },
);
