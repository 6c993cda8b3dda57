import fs from "node:fs";
import path from "node:path";
import { createTRPCClient, httpBatchLink, type TRPCClient } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "../../server/api/root";
import { compare, type Benchmark } from "./harness";
import type { ConfigContext } from "../../server/agent/drivers/linux/lxc-config";
import { configShape, hostConfig, prepareShellFiles, removeShellJails, runShellLoop, type ShellJail } from "./operate-shell";
import { ensureBuild, startWebStack, type WebStack } from "./web-stack";

const JAILS = 7;

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** tRPC over HTTP exactly as the browser's client calls it: batch link, superjson, the session cookie. */
function browserClient(stack: WebStack): TRPCClient<AppRouter> {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({ url: `${stack.origin}/api/trpc`, transformer: superjson, headers: { cookie: stack.cookie, origin: stack.origin } }),
    ],
  });
}

/** The first jail's config shape each way, compared once the runs are done. */
const shapes: { web?: string[]; shell?: string[] } = {};

async function throughWeb(client: TRPCClient<AppRouter>, lxcPath: string, names: string[]): Promise<number> {
  const elapsed = await timed(async () => {
    for (const name of names) {
      const plan = await client.jails.plan.mutate({ kind: "create", input: { name, template: "busybox" } });
      await client.jails.applyPlan.mutate({ name, kind: "create", planId: plan.id });
      await client.jails.start.mutate({ name });
    }
  });
  shapes.web ??= configShape(lxcPath, names[0]!);
  for (const name of names) {
    const plan = await client.jails.plan.mutate({ kind: "destroy", name });
    await client.jails.applyPlan.mutate({ name, kind: "destroy", planId: plan.id, confirmName: name });
  }
  return elapsed;
}

async function byHand(lxcPath: string, initDir: string, jails: ShellJail[], config: ConfigContext): Promise<number> {
  const specs = prepareShellFiles(lxcPath, initDir, jails, config);
  const elapsed = await timed(() => runShellLoop(lxcPath, initDir, specs));
  shapes.shell ??= configShape(lxcPath, jails[0]!.name);
  await removeShellJails(lxcPath, jails);
  return elapsed;
}

/** The baseline is only a baseline if it made the same jail: the same config keys and values but the jail's own. */
function checkSameJails(): void {
  const [web, shell] = [JSON.stringify(shapes.web), JSON.stringify(shapes.shell)];
  if (web !== shell) throw new Error(`the shell loop's jail config differs from the agent's:\nweb   ${web}\nshell ${shell}`);
}

export const operateBenchmark: Benchmark = {
  name: "operate",
  description: `create+start of ${JAILS} unprivileged busybox jails through the web (tRPC over HTTP, signed in) vs the agent's commands and files in a shell loop`,
  async run({ runs, cleanup, log }) {
    await ensureBuild(log);
    const stack = await startWebStack(cleanup, 3391);
    const client = browserClient(stack);
    const pool = (await client.host.network.query()).pools[0]!;
    const lxcPath = stack.lxcPath;
    const config = await hostConfig(pool.interface, pool.cidr);
    const initDir = path.join(path.dirname(lxcPath), "operate-shell");
    const prefix = pool.cidr.replace(/\.0\/28$/, ".");
    // The agent fills the pool from the bottom; the shell loop takes the top addresses.
    const shellJails = (n: number) => Array.from({ length: JAILS }, (_, i) => ({ name: `stk-o-r${n}-${i}`, ipv4: `${prefix}${14 - i}` }));
    const names = (n: number) => Array.from({ length: JAILS }, (_, i) => `stk-o-w${n}-${i}`);
    fs.mkdirSync(lxcPath, { recursive: true });
    log(`timing ${runs} rounds of ${JAILS} jails each way`);
    let n = 0;
    const row = await compare(
      `${JAILS} jails create+start: web (tRPC) vs shell loop`,
      1.3,
      runs,
      () => throughWeb(client, lxcPath, names(n++)),
      () => byHand(lxcPath, initDir, shellJails(n), config),
    );
    checkSameJails();
    return [row];
  },
};
