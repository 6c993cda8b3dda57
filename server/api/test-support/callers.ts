import type { RoleName, ScopeType } from "@/server/auth/permissions";
import { createUser } from "@/server/auth/users";
import { LOCAL_HOST_ID } from "@/server/hosts";
import { agentConnection } from "@/server/agent-client/connection";
import { db } from "@/server/db/prisma";
import { webConfig } from "@/server/config";
import { ensureFleetIdentity, fleetDir } from "@/server/fleet/store";
import { hostPlaces } from "../host-place";
import type { Context, Caller } from "../init";

export interface TestGrant {
  role: RoleName;
  scopeType: ScopeType;
  scopeValue: string;
}

/** A real user in the test database whose only grants are the ones given. */
export async function makeCaller(username: string, grants: TestGrant[]): Promise<Caller> {
  const created = await createUser({ username, role: "viewer" });
  await db().grant.deleteMany({ where: { userId: created.id } });
  const rows = await Promise.all(
    grants.map((grant) =>
      db().grant.create({
        data: { userId: created.id, roleName: grant.role, hostId: LOCAL_HOST_ID, scopeType: grant.scopeType, scopeValue: grant.scopeValue },
      }),
    ),
  );
  return { id: created.id, username, name: username, grants: rows };
}

/** A user whose only grant is this one, on the host named; hostId null is a tag grant on every host. */
export async function makeHostCaller(
  username: string,
  role: RoleName,
  hostId: string | null,
  scopeType: ScopeType,
  scopeValue: string,
): Promise<Caller> {
  const user = await makeCaller(username, []);
  const row = await db().grant.create({ data: { userId: user.id, roleName: role, hostId, scopeType, scopeValue } });
  return { ...user, grants: [row] };
}

export function contextFor(
  caller: Caller | null,
  jailTags: Record<string, string[]> = {},
  agentSocket = "/nonexistent/agent.sock",
): Context {
  const local = {
    hostId: LOCAL_HOST_ID,
    agent: agentConnection(agentSocket, { connectTimeoutMs: 500 }),
    jailTags: async (jail: string) => jailTags[jail] ?? [],
  };
  return { db: db(), caller, ...local, placeOf: hostPlaces(db(), local, () => ensureFleetIdentity(fleetDir(webConfig().dataDir))) };
}
