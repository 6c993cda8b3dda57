import { hasAnywhere, hasOnSomeHost, PERMISSIONS, type GrantLike, type Permission } from "@/server/auth/permissions";
import { LOCAL_HOST_ID } from "@/shared/host-id";

/**
 * `needs`: shown only to users who hold that permission somewhere on this machine, where the
 * web-wide pages (Hosts, Team, Settings) check it; with `anyHost`, somewhere on any host (the
 * audit log spans hosts). The host-aware pages are everyone's: they land on a host the user can see.
 */
export interface NavItem {
  href: string;
  label: string;
  needs?: Permission;
  anyHost?: true;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/", label: "Overview" },
  { href: "/jails", label: "Jails" },
  { href: "/network", label: "Network" },
  // Watching is the least a console allows; a host's console page lists only the jails in scope there.
  { href: "/console", label: "Console", needs: "console.watch", anyHost: true },
  // Every host's CPU and memory: what only those who may see the host's own processes see.
  { href: "/hosts", label: "Hosts", needs: "host.processes.view" },
  { href: "/audit", label: "Audit", needs: "audit.view", anyHost: true },
  { href: "/team", label: "Team", needs: "team.manage" },
  // Host settings are the admins' (the IP pool is the first).
  { href: "/settings", label: "Settings", needs: "network.manage" },
];

export interface NavPermissions {
  /** Held somewhere on this machine. */
  permissions: readonly Permission[];
  /** Held somewhere on some host. */
  fleetPermissions: readonly Permission[];
}

/** What the shell's nav is built from: the caller's grants, read on the server. */
export function navPermissionsFor(grants: readonly GrantLike[]): NavPermissions {
  return {
    permissions: PERMISSIONS.filter((permission) => hasAnywhere(grants, permission, LOCAL_HOST_ID)),
    fleetPermissions: PERMISSIONS.filter((permission) => hasOnSomeHost(grants, permission)),
  };
}

/** The entries a user with these permissions sees: none they could not use. */
export function visibleNavItems({ permissions, fleetPermissions }: NavPermissions): NavItem[] {
  return NAV_ITEMS.filter((item) => !item.needs || (item.anyHost ? fleetPermissions : permissions).includes(item.needs));
}
