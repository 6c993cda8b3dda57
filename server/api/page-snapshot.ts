import type { ProcessSnapshot } from "@/server/agent/protocol";
import { createRequestContext } from "./context";
import { createCaller } from "./root";

/**
 * The first process snapshot, read while the page renders through the same tRPC procedure the
 * browser would call (its permission and scope), so the tree's first rows come with the HTML;
 * the socket's full snapshot and deltas follow. Null when the caller may not see processes or
 * the agent is unreachable (or `host` is not recorded): the page then waits for the socket as before.
 */
export async function processSnapshotForPage(headers: Headers, host?: string): Promise<ProcessSnapshot | null> {
  try {
    return await createCaller(await createRequestContext(headers)).host.processes(host ? { host } : undefined);
  } catch {
    return null;
  }
}
