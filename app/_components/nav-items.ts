export const NAV_ITEMS = [
  { href: "/", label: "Overview" },
  { href: "/jails", label: "Jails" },
  { href: "/network", label: "Network" },
  { href: "/console", label: "Console" },
  { href: "/audit", label: "Audit" },
  { href: "/team", label: "Team" },
  { href: "/settings", label: "Settings" },
] as const;
