/**
 * The one permission decision: may this caller do P on this target? The tRPC procedure
 * builder and the socket.io event builder both ask here, so they cannot drift apart.
 * A grant covers a *scope* (host, jail or tag); a procedure or event acts on a *target*.
 */
import { hasAnywhere, hasOnSomeHost, isAllowed, type GrantLike, type Permission } from "./permissions";

/** Who is asking: the signed-in user with their grants (not to be confused with the viewer role). */
export interface Caller {
  id: string;
  username: string;
  name: string;
  grants: GrantLike[];
  /** Signed in with a one-time password: nothing but choosing a new password is allowed. */
  mustChangePassword?: boolean;
  /** Two-factor sign-in is required of this user and not set up yet: only their own account may be used. */
  mustEnrolTwoFactor?: boolean;
  /** The better-auth session this caller signed in with; none for an API token. */
  sessionId?: string;
}

/**
 * What a procedure or event acts on: the host, one jail, or "anywhere" for lists that are
 * filtered to the caller's scope afterwards ("anywhere" on the place's host; "any-host" on any
 * host of the fleet, for web-wide lists such as the audit log that span hosts).
 */
export type Target = { kind: "host" } | { kind: "jail"; jail: string } | { kind: "anywhere" } | { kind: "any-host" };

/** Where the decision is made: the host, and how to read a jail's tags for tag-scoped grants. */
export interface DecisionPlace {
  hostId: string;
  jailTags: (jail: string) => Promise<string[]>;
}

export async function mayDo(caller: Caller, permission: Permission, target: Target, place: DecisionPlace): Promise<boolean> {
  if (target.kind === "anywhere") return hasAnywhere(caller.grants, permission, place.hostId);
  if (target.kind === "any-host") return hasOnSomeHost(caller.grants, permission);
  if (target.kind === "host") return isAllowed(caller.grants, permission, { kind: "host", hostId: place.hostId });
  const jail = { kind: "jail" as const, hostId: place.hostId, jail: target.jail };
  if (isAllowed(caller.grants, permission, { ...jail, tags: [] })) return true;
  // Grants only add: the tags (a jail listing from the agent) are read only when a tag grant could still allow.
  if (!caller.grants.some((grant) => grant.scopeType === "tag")) return false;
  return isAllowed(caller.grants, permission, { ...jail, tags: await place.jailTags(target.jail) });
}

/** The sentence both builders answer a refusal with. */
export const refusal = (permission: Permission) => `You do not have permission to do this (${permission}).`;
