import { agentConnection } from "@/server/agent-client/connection";
import { ensureFleetIdentity, fleetDir, type FleetIdentity } from "@/server/fleet/store";
import { bearerOf, checkApiToken } from "@/server/auth/api-tokens";
import { auth } from "@/server/auth/auth";
import { mustEnrolTwoFactor } from "@/server/auth/two-factor-required";
import { webConfig } from "@/server/config";
import { LOCAL_HOST_ID } from "@/server/hosts";
import { db } from "@/server/db/prisma";
import type { Db } from "@/server/db/types";
import { writeAudit } from "./audit";
import { unreachableToTrpc } from "./database-errors";
import { hostPlaces, localPlace } from "./host-place";
import type { Context, Caller } from "./init";

const SEEN_PRECISION_MS = 60_000;

/** "Last seen" on the sessions lists: better-auth refreshes a session only every updateAge, so note use once a minute. */
async function markSeen(prisma: Db, session: { id: string; updatedAt: Date }): Promise<void> {
  if (Date.now() - new Date(session.updatedAt).getTime() < SEEN_PRECISION_MS) return;
  await prisma.session.updateMany({ where: { id: session.id }, data: { updatedAt: new Date() } });
}

/** The signed-in user behind these request headers, with their grants; null if none or disabled. */
export async function callerFromHeaders(headers: Headers, prisma: Db = db()): Promise<Caller | null> {
  const session = await auth().api.getSession({ headers });
  if (!session) return null;
  const user = await prisma.user.findUnique({ where: { id: session.user.id }, include: { grants: true } });
  if (!user || user.disabled) return null;
  await markSeen(prisma, session.session);
  return {
    id: user.id,
    username: user.username ?? user.email,
    name: user.name,
    grants: user.grants,
    mustChangePassword: user.mustChangePassword,
    mustEnrolTwoFactor: mustEnrolTwoFactor(user, webConfig().requireTwoFactorForAdmins),
    sessionId: session.session.id,
  };
}

/** The caller behind an Authorization: Bearer token; a refused token is audited and its reason kept for the 401. */
async function tokenCaller(prisma: Db, token: string): Promise<Pick<Context, "caller" | "authFailure">> {
  const check = await checkApiToken(prisma, token);
  if (check.ok) return { caller: check.caller };
  await writeAudit(prisma, {
    actorId: null,
    actorName: check.actor,
    action: "token.refused",
    hostId: LOCAL_HOST_ID,
    targetType: "token",
    target: check.tokenId ?? "unknown",
    result: "denied",
    message: check.message,
  });
  return { caller: null, authFailure: check.message };
}

/** Finding the caller is every request's first database read: without the database, say so rather than fail raw. */
async function requestCaller(prisma: Db, headers: Headers): Promise<Pick<Context, "caller" | "authFailure">> {
  const token = bearerOf(headers);
  try {
    return token ? await tokenCaller(prisma, token) : { caller: await callerFromHeaders(headers, prisma) };
  } catch (error) {
    throw unreachableToTrpc(error);
  }
}

/**
 * The web's mTLS identity, read only when a request names a remote host, and read again each
 * time (as the host monitor does each poll) so a `host revoke`'s new CRL counts from the next request.
 */
const fleetIdentity = (): Promise<FleetIdentity> => ensureFleetIdentity(fleetDir(webConfig().dataDir));

export async function createRequestContext(headers: Headers): Promise<Context> {
  const prisma = db();
  const local = localPlace(agentConnection(webConfig().agentSocket));
  const caller = await requestCaller(prisma, headers);
  return { db: prisma, ...caller, ...local, placeOf: hostPlaces(prisma, local, fleetIdentity) };
}
