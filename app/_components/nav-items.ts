import type { Permission } from "@/server/auth/permissions";

/** `needs`: shown only to users who hold that permission somewhere on the host. */
export const NAV_ITEMS: readonly { href: string; label: string; needs?: Permission }[] = [
  { href: "/", label: "Overview" },
  { href: "/jails", label: "Jails" },
  { href: "/network", label: "Network" },
  { href: "/console", label: "Console" },
  { href: "/audit", label: "Audit", needs: "audit.view" },
  { href: "/team", label: "Team", needs: "team.manage" },
  { href: "/settings", label: "Settings" },
];
