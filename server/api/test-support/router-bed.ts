import { afterAll } from "vitest";
import type { Caller } from "../init";
import { openFreshDatabase } from "./database";
import { recordedAgentHooks } from "./recorded-agent";

export interface RouterBedOptions {
  /** Start the recorded FreeBSD agent (www1, db1, dev1 running; old1 stopped) for the file. */
  agent?: boolean;
}

/**
 * What every router test starts from. The fresh database is opened first and only then are the
 * db singleton, the auth instance and the routers imported (they read its path from the
 * environment when first loaded), so a test file imports none of them statically: it awaits this
 * and takes them from the result. The agent starts before the file's own beforeAll hooks and
 * everything closes after its afterAll hooks.
 */
export async function openRouterBed({ agent = false }: RouterBedOptions = {}) {
  const database = await openFreshDatabase();
  const [{ appRouter, createCaller }, { contextFor, makeCaller }, { db }, { createRequestContext }, { agentConnection }] =
    await Promise.all([
      import("../root"),
      import("./callers"),
      import("@/server/db/prisma"),
      import("../context"),
      import("@/server/agent-client/connection"),
    ]);
  afterAll(() => database.cleanup());
  /** The recorded agent's socket, or none (contextFor's default, where nothing listens). */
  const agentSocket = agent ? recordedAgentHooks() : () => undefined;
  /** A tRPC caller acting as `who`, its jails tagged as given. */
  const caller = (who: Caller | null, jailTags: Record<string, string[]> = {}) => createCaller(contextFor(who, jailTags, agentSocket()));
  /** What the tRPC HTTP endpoint builds for a request carrying this bearer token. */
  const tokenCaller = async (token: string) => {
    const context = await createRequestContext(new Headers({ authorization: `Bearer ${token}` }));
    const socket = agentSocket();
    return createCaller(socket ? { ...context, agent: agentConnection(socket) } : context);
  };
  return { appRouter, createCaller, contextFor, makeCaller, db, caller, tokenCaller };
}
