import type { Permission } from "@/server/auth/permissions";

/**
 * `needs`: shown only to users who hold that permission somewhere on this machine, where the
 * web-wide pages (Hosts, Team, Settings) check it; with `anyHost`, somewhere on any host (the
 * audit log spans hosts). The host-aware pages are everyone's: they land on a host the user can see.
 */
export const NAV_ITEMS: readonly { href: string; label: string; needs?: Permission; anyHost?: true }[] = [
  { href: "/", label: "Overview" },
  { href: "/jails", label: "Jails" },
  { href: "/network", label: "Network" },
  // Every host's CPU and memory: what only those who may see the host's own processes see.
  { href: "/hosts", label: "Hosts", needs: "host.processes.view" },
  { href: "/audit", label: "Audit", needs: "audit.view", anyHost: true },
  { href: "/team", label: "Team", needs: "team.manage" },
  // Host settings are the admins' (the IP pool is the first); the console comes back with the console itself.
  { href: "/settings", label: "Settings", needs: "network.manage" },
];
