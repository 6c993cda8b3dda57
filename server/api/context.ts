import { auth } from "@/server/auth/auth";
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
  return { id: user.id, username: user.username ?? user.email, name: user.name, grants: user.grants };
}

export async function createRequestContext(headers: Headers): Promise<Context> {
  const prisma = db();
  return {
    db: prisma,
    viewer: await viewerFromHeaders(headers, prisma),
    hostId: LOCAL_HOST_ID,
    jailTags: async () => [],
  };
}
