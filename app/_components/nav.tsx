"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { isHostPage, withHost } from "@/app/_lib/host-param";
import { useHost } from "@/app/_lib/use-host";
import { visibleNavItems, type NavPermissions } from "./nav-items";

function isActive(pathname: string, href: string) {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

export function Nav(props: NavPermissions) {
  const pathname = usePathname();
  // Moving between host-aware pages stays on the host shown; the others have no host.
  const host = useHost();
  const items = visibleNavItems(props);
  return (
    <nav aria-label="Main" className="flex flex-col gap-1">
      {items.map((item) => {
        const active = isActive(pathname, item.href);
        return (
          <Link
            key={item.href}
            href={isHostPage(item.href) ? withHost(item.href, host) : item.href}
            aria-current={active ? "page" : undefined}
            className={`rounded-md px-3 py-2 text-sm font-medium ${
              active
                ? "bg-sky-100 text-sky-900 dark:bg-sky-900/40 dark:text-sky-100"
                : "text-slate-600 hover:bg-slate-200 dark:text-slate-300 dark:hover:bg-slate-800"
            }`}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
