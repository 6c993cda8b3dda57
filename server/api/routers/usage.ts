import { z } from "zod";
import { jailNameSchema } from "@/server/agent/protocol";
import * as agent from "@/server/agent-client/methods";
import { webConfig } from "@/server/config";
import { HOST_SERIES, readHistory, readSeries } from "@/server/usage/store";
import { RANGES, tierForRange } from "@/server/usage/tiers";
import { anywhereTarget, hostTarget, jailTarget, requirePermission, router, type TargetOf } from "../init";
import { allowedOnHost, visibleJails } from "../scope";

const SPARKLINE_MS = 10 * 60_000;
const historyInput = z.object({ jail: jailNameSchema.nullable(), range: z.enum(["hour", "day", "week", "month"]) });

/** The host's own history is a host-scoped view; a jail's is scoped to that jail. */
const historyScope: TargetOf = (raw) => {
  const jail = (raw as { jail?: unknown } | undefined)?.jail;
  return jail === null || jail === undefined ? hostTarget(raw) : jailTarget({ name: jail });
};

export const usageRouter = router({
  history: requirePermission("jails.view", historyScope)
    .input(historyInput)
    .query(async ({ ctx, input }) => {
      const until = Date.now();
      const since = until - RANGES[input.range];
      // The chart's x axis is this window, however few points fall in it.
      const window = { from: since, to: until };
      if (input.jail === null && !allowedOnHost(ctx, "host.processes.view")) return { resolutionSeconds: 0, window, points: [] };
      const raw = webConfig().sampleSeconds;
      const resolutionSeconds = tierForRange(input.range, raw);
      const points = await readHistory(ctx.db, {
        hostId: ctx.hostId,
        jail: input.jail ?? HOST_SERIES,
        resolutionSeconds,
        rawResolutionSeconds: raw,
        since,
      });
      return { resolutionSeconds, window, points };
    }),

  /** The last ten minutes of every series the caller may see, for sparklines. */
  sparklines: requirePermission("jails.view", anywhereTarget).query(async ({ ctx }) => {
    const names = visibleJails(ctx, await agent.fetchJails(ctx.agent)).map((jail) => jail.name);
    if (allowedOnHost(ctx, "host.processes.view")) names.push(HOST_SERIES);
    const since = Date.now() - SPARKLINE_MS;
    const raw = webConfig().sampleSeconds;
    const series = await Promise.all(names.map(async (name) => [name, await readSeries(ctx.db, ctx.hostId, name, raw, since)] as const));
    return Object.fromEntries(series);
  }),
});
