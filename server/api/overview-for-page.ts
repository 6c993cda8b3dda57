import { dehydrate, QueryClient, type DehydratedState } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import type { ProcessSnapshot } from "@/server/agent/protocol";
import { createRequestContext } from "./context";
import { appRouter, createCaller } from "./root";

export interface OverviewForPage {
  /** The tree's first snapshot; null when the caller may not see processes or the agent is unreachable. */
  snapshot: ProcessSnapshot | null;
  /** The queries drawn above the tree, for the browser's query cache (only those that answered). */
  queries: DehydratedState;
}

/**
 * What the overview draws, read while the page renders through the same tRPC procedures the
 * browser would call (their permissions and scope), so the page comes whole: the tree's first
 * rows, and the host strip, the jail cards (or the example layout's offer) and the host select above it, whose arriving later
 * would push the tree (and a details panel opened in it) down the screen. They are read in
 * parallel, so the page waits for the slowest, not for their sum. A query that fails is left to
 * the browser, which asks again and shows its error as before; the socket's full snapshot and
 * deltas follow the first one.
 */
export async function overviewForPage(headers: Headers, host: string): Promise<OverviewForPage> {
  const queryClient = new QueryClient();
  let snapshot: ProcessSnapshot | null = null;
  try {
    const ctx = await createRequestContext(headers);
    const trpc = createTRPCOptionsProxy({ ctx, router: appRouter, queryClient });
    const input = { host };
    const [first] = await Promise.all([
      createCaller(ctx)
        .host.processes(input)
        .catch(() => null),
      queryClient.prefetchQuery(trpc.hosts.choices.queryOptions()),
      queryClient.prefetchQuery(trpc.host.info.queryOptions(input)),
      queryClient.prefetchQuery(trpc.host.usage.queryOptions(input)),
      queryClient.prefetchQuery(trpc.usage.sparklines.queryOptions(input)),
      queryClient.prefetchQuery(trpc.jails.list.queryOptions(input)),
      // The example layout is offered on an empty host to whoever may manage its jails (others are refused it).
      queryClient.prefetchQuery(trpc.layout.describe.queryOptions(input)),
    ]);
    snapshot = first;
  } catch {
    // No caller (the database unreachable): the browser's own queries say why.
  }
  return { snapshot, queries: dehydrate(queryClient) };
}
