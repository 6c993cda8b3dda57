import * as agent from "@/server/agent-client/methods";
import { liveDataStatus } from "@/server/fleet/status";
import { anywhereTarget, requireHostPermission, router } from "../init";
import { allowedOnHost, scopeNetwork, scopeSnapshot, scopeUsage, visibleJails, type Scoped } from "../scope";

async function visibleNames(ctx: Scoped & { agent: Parameters<typeof agent.fetchJails>[0] }): Promise<Set<string>> {
  return new Set(visibleJails(ctx, await agent.fetchJails(ctx.agent)).map((jail) => jail.name));
}

export const hostRouter = router({
  /** Whether live data from other web processes reaches this one (Redis up), for a "degraded" banner. */
  liveData: requireHostPermission("jails.view", anywhereTarget).query(() => liveDataStatus()),

  info: requireHostPermission("jails.view", anywhereTarget).query(({ ctx }) => agent.fetchHostInfo(ctx.agent)),

  processes: requireHostPermission("jails.view", anywhereTarget).query(async ({ ctx }) => {
    // Whoever may see the host's processes sees every one: no jail list (another lxc-ls on the agent) to scope by.
    if (allowedOnHost(ctx, "host.processes.view")) return agent.fetchProcessSnapshot(ctx.agent);
    const [snapshot, visible] = await Promise.all([agent.fetchProcessSnapshot(ctx.agent), visibleNames(ctx)]);
    return scopeSnapshot(ctx, snapshot, visible);
  }),

  usage: requireHostPermission("jails.view", anywhereTarget).query(async ({ ctx }) => {
    const [report, visible] = await Promise.all([agent.fetchUsageReport(ctx.agent), visibleNames(ctx)]);
    return scopeUsage(ctx, report, visible);
  }),

  network: requireHostPermission("jails.view", anywhereTarget).query(async ({ ctx }) => {
    const [network, visible] = await Promise.all([agent.fetchNetworkInfo(ctx.agent), visibleNames(ctx)]);
    return scopeNetwork(ctx, network, visible);
  }),
});
