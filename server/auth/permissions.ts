/**
 * The roles-and-permissions policy: which built-in role holds which permission, and
 * whether a set of grants allows a permission on a target. Pure, so it is tested
 * without a database and shared by tRPC procedures and socket.io events.
 */
export const PERMISSIONS = [
  "jails.view", // see jails, their processes and usage in scope
  "host.processes.view", // see host processes outside any jail
  "jails.power", // start / stop / restart
  "console.interactive",
  "console.watch",
  "processes.signal",
  "jails.manage", // create / destroy / change parameters and limits
  "network.manage", // IP pool
  "team.manage", // users, roles, grants
  "audit.view",
  "hosts.manage", // revoke a host's agent certificate (enrolling is `host add` on the web's machine)
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const PERMISSION_LABELS: Record<Permission, string> = {
  "jails.view": "See jails, their processes and usage in scope",
  "host.processes.view": "See host processes outside any jail",
  "jails.power": "Start, stop, restart",
  "console.interactive": "Console (interactive)",
  "console.watch": "Watch a console read-only",
  "processes.signal": "Signal a process",
  "jails.manage": "Create, destroy, change parameters, limits and tags",
  "network.manage": "IP pool",
  "team.manage": "Users, roles, grants",
  "audit.view": "Audit log (operators: their scope)",
  "hosts.manage": "Revoke a host",
};

export const ROLE_NAMES = ["admin", "operator", "viewer"] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

export const ROLE_PERMISSIONS: Record<RoleName, readonly Permission[]> = {
  admin: PERMISSIONS,
  operator: ["jails.view", "jails.power", "console.interactive", "console.watch", "processes.signal", "audit.view"],
  viewer: ["jails.view", "console.watch"],
};

export const ROLE_DESCRIPTIONS: Record<RoleName, string> = {
  admin: "Everything: jails, network, team, audit.",
  operator: "Start, stop, restart and open a console on the jails in scope.",
  viewer: "Watch the jails in scope; change nothing.",
};

export const SCOPE_TYPES = ["host", "jail", "tag"] as const;
export type ScopeType = (typeof SCOPE_TYPES)[number];

export interface GrantLike {
  roleName: string;
  /** null: a tag grant across every host (the tag's jails wherever they run). */
  hostId: string | null;
  scopeType: string;
  scopeValue: string;
}

/** How the API names "every host" where a grant's host is asked for (stored as a null hostId). */
export const EVERY_HOST = "*";

/** What a permission is asked about: a whole host, or one jail on a host with its tags. */
export type Target = { kind: "host"; hostId: string } | { kind: "jail"; hostId: string; jail: string; tags: readonly string[] };

function roleHas(roleName: string, permission: Permission): boolean {
  const granted = ROLE_PERMISSIONS[roleName as RoleName] as readonly Permission[] | undefined;
  return granted?.includes(permission) ?? false;
}

/** A grant on every host is only ever a tag grant: it never covers a whole host, nor a jail by name. */
function everyHostCovers(grant: GrantLike, target: Target): boolean {
  return grant.scopeType === "tag" && target.kind === "jail" && target.tags.includes(grant.scopeValue);
}

function grantCovers(grant: GrantLike, target: Target): boolean {
  if (grant.hostId === null) return everyHostCovers(grant, target);
  if (grant.hostId !== target.hostId) return false;
  if (grant.scopeType === "host") return true;
  if (target.kind === "host") return false;
  if (grant.scopeType === "jail") return grant.scopeValue === target.jail;
  if (grant.scopeType === "tag") return target.tags.includes(grant.scopeValue);
  return false;
}

export function isAllowed(grants: readonly GrantLike[], permission: Permission, target: Target): boolean {
  return grants.some((grant) => roleHas(grant.roleName, permission) && grantCovers(grant, target));
}

/** True when some grant gives the permission anywhere on the host (a jail or a tag counts, a tag on every host too). */
export function hasAnywhere(grants: readonly GrantLike[], permission: Permission, hostId: string): boolean {
  return grants.some((grant) => (grant.hostId === hostId || grant.hostId === null) && roleHas(grant.roleName, permission));
}

/** True when some grant gives the permission anywhere on any host. */
export function hasOnSomeHost(grants: readonly GrantLike[], permission: Permission): boolean {
  return grants.some((grant) => roleHas(grant.roleName, permission));
}
