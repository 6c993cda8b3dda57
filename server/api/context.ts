import { agentConnection } from "@/server/agent-client/connection";
import { fetchJails } from "@/server/agent-client/methods";
import { auth } from "@/server/auth/auth";
import { webConfig } from "@/server/config";
import { LOCAL_HOST_ID } from "@/server/auth/users";
import { db } from "@/server/db/prisma";
import type { Db } from "@/server/db/types";
import type { Context, Viewer } from "./init";

/** The signed-in user behind these request headers, with their grants; null if none or disabled. */
export async function viewerFromHeaders(headers: Headers, prisma: Db = db()): Promise<Viewer | null> {
  const session = await auth().api.getSession({ headers });
  if (!session) return null;
  const user = await prisma.user.findUnique({ where: { id: session.user.id }, include: { grants: true } });
  if (!user || user.disabled) return null;
  return {
    id: user.id,
    username: user.username ?? user.email,
    name: user.name,
    grants: user.grants,
    mustChangePassword: user.mustChangePassword,
  };
}

export async function createRequestContext(headers: Headers): Promise<Context> {
  const prisma = db();
  const agent = agentConnection(webConfig().agentSocket);
  let jails: Promise<Map<string, string[]>> | undefined;
  // One jail list per request, and only if a tag-scoped check needs it.
  const jailTags = async (name: string) => {
    jails ??= fetchJails(agent).then(
      (list) => new Map(list.map((jail) => [jail.name, jail.tags])),
      () => new Map<string, string[]>(),
    );
    return (await jails).get(name) ?? [];
  };
  return { db: prisma, viewer: await viewerFromHeaders(headers, prisma), hostId: LOCAL_HOST_ID, agent, jailTags };
}
