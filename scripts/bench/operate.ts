import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { createTRPCClient, httpBatchLink, type TRPCClient } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "../../server/api/root";
import { compare, type Benchmark } from "./harness";
import { ensureBuild, startWebStack, type WebStack } from "./web-stack";

const run = promisify(execFile);
const JAILS = 7;

/** The same LXC commands the agent runs for a busybox jail, typed as an admin would: a shell loop. */
const SHELL_LOOP = `set -e
P="$1"; BR="$2"; GW="$3"; shift 3
for spec in "$@"; do
  n="\${spec%%=*}"; ip="\${spec#*=}"
  printf 'lxc.apparmor.profile = unconfined\\nlxc.net.0.type = veth\\nlxc.net.0.link = %s\\nlxc.net.0.flags = up\\nlxc.net.0.ipv4.address = %s/28\\nlxc.net.0.ipv4.gateway = %s\\n' "$BR" "$ip" "$GW" > "$P/$n.conf"
  lxc-create -P "$P" -n "$n" -t busybox -f "$P/$n.conf" > /dev/null
  sed -i '/udhcpc/d' "$P/$n/rootfs/etc/init.d/rcS"
  lxc-start -P "$P" -n "$n"
  lxc-wait -P "$P" -n "$n" -s RUNNING -t 10
done
`;

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

async function throughWeb(client: TRPCClient<AppRouter>, names: string[]): Promise<number> {
  const elapsed = await timed(async () => {
    for (const name of names) {
      const plan = await client.jails.plan.mutate({ kind: "create", input: { name, template: "busybox" } });
      await client.jails.applyPlan.mutate({ name, kind: "create", planId: plan.id });
      await client.jails.start.mutate({ name });
    }
  });
  for (const name of names) {
    const plan = await client.jails.plan.mutate({ kind: "destroy", name });
    await client.jails.applyPlan.mutate({ name, kind: "destroy", planId: plan.id, confirmName: name });
  }
  return elapsed;
}

async function byHand(lxcPath: string, bridge: string, gateway: string, specs: string[]): Promise<number> {
  const elapsed = await timed(() => run("bash", ["-c", SHELL_LOOP, "bench", lxcPath, bridge, gateway, ...specs]));
  for (const spec of specs) {
    const name = spec.split("=")[0]!;
    await run("lxc-stop", ["-P", lxcPath, "-n", name, "-k"]).catch(() => undefined);
    await run("lxc-destroy", ["-P", lxcPath, "-n", name, "-f"]);
    fs.rmSync(path.join(lxcPath, `${name}.conf`), { force: true });
  }
  return elapsed;
}

export const operateBenchmark: Benchmark = {
  name: "operate",
  description: `create+start of ${JAILS} busybox jails through the web (tRPC over HTTP, signed in) vs the LXC commands in a shell loop`,
  async run({ runs, cleanup, log }) {
    await ensureBuild(log);
    const stack = await startWebStack(cleanup, 3391);
    const client = browserClient(stack);
    const pool = (await client.host.network.query()).pools[0]!;
    const lxcPath = stack.lxcPath;
    const bridge = pool.interface;
    const prefix = pool.cidr.replace(/\.0\/28$/, ".");
    // The agent fills the pool from the bottom; the shell loop takes the top addresses.
    const specs = (n: number) => Array.from({ length: JAILS }, (_, i) => `stk-o-r${n}-${i}=${prefix}${14 - i}`);
    const names = (n: number) => Array.from({ length: JAILS }, (_, i) => `stk-o-w${n}-${i}`);
    fs.mkdirSync(lxcPath, { recursive: true });
    log(`timing ${runs} rounds of ${JAILS} jails each way`);
    let n = 0;
    const row = await compare(
      `${JAILS} jails create+start: web (tRPC) vs shell loop`,
      1.3,
      runs,
      () => throughWeb(client, names(n++)),
      () => byHand(lxcPath, bridge, pool.gateway!, specs(n)),
    );
    return [row];
  },
};
