import { z } from "zod";
import { jailNameSchema } from "@/server/agent/protocol";
import * as agent from "@/server/agent-client/methods";
import { webConfig } from "@/server/config";
import { HOST_SERIES, readHistory, readSeries } from "@/server/usage/store";
import { RANGES, tierForRange } from "@/server/usage/tiers";
import { anywhereTarget, jailTarget, requireHostPermission, router, type Context, type TargetOf } from "../init";
import { allowedOnHost, visibleJails } from "../scope";

const SPARKLINE_MS = 10 * 60_000;
const rangeInput = z.object({ range: z.enum(["hour", "day", "week", "month"]) });
type Range = z.infer<typeof rangeInput>["range"];

/** A jail's history is scoped to the jail its input names as `jail`. */
const historyJail: TargetOf = (raw) => jailTarget({ name: (raw as { jail?: unknown } | undefined)?.jail });

/** One series over the range, downsampled to the range's tier. */
async function seriesOver(ctx: Context, series: string, range: Range) {
  const until = Date.now();
  const since = until - RANGES[range];
  // The chart's x axis is this window, however few points fall in it.
  const window = { from: since, to: until };
  const raw = webConfig().sampleSeconds;
  const resolutionSeconds = tierForRange(range, raw);
  const points = await readHistory(ctx.db, { hostId: ctx.hostId, jail: series, resolutionSeconds, rawResolutionSeconds: raw, since });
  return { resolutionSeconds, window, points };
}

export const usageRouter = router({
  history: requireHostPermission("jails.view", historyJail)
    .input(rangeInput.extend({ jail: jailNameSchema }))
    .query(({ ctx, input }) => seriesOver(ctx, input.jail, input.range)),

  /** The host's own series: it counts host processes outside any jail, so it needs what seeing them needs. */
  hostHistory: requireHostPermission("host.processes.view")
    .input(rangeInput)
    .query(({ ctx, input }) => seriesOver(ctx, HOST_SERIES, input.range)),

  /** The last ten minutes of every series the caller may see, for sparklines. */
  sparklines: requireHostPermission("jails.view", anywhereTarget).query(async ({ ctx }) => {
    const names = visibleJails(ctx, await agent.fetchJails(ctx.agent)).map((jail) => jail.name);
    if (allowedOnHost(ctx, "host.processes.view")) names.push(HOST_SERIES);
    const since = Date.now() - SPARKLINE_MS;
    const raw = webConfig().sampleSeconds;
    const series = await Promise.all(names.map(async (name) => [name, await readSeries(ctx.db, ctx.hostId, name, raw, since)] as const));
    return Object.fromEntries(series);
  }),
});
