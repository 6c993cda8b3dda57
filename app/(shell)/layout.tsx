import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { LiveDataBanner } from "@/app/_components/live-data-banner";
import { Nav } from "@/app/_components/nav";
import { navPermissionsFor } from "@/app/_components/nav-items";
import { ThemeToggle } from "@/app/_components/theme-toggle";
import { UserMenu } from "@/app/_components/user-menu";
import { TrpcProviders } from "@/app/_trpc/client";
import { callerFromHeaders } from "@/server/api/context";

export const dynamic = "force-dynamic";

export default async function ShellLayout({ children }: { children: ReactNode }) {
  const caller = await callerFromHeaders(await headers());
  if (!caller) redirect("/login");
  if (caller.mustChangePassword) redirect("/change-password");
  if (caller.mustEnrolTwoFactor) redirect("/two-factor-setup");
  const { permissions, fleetPermissions } = navPermissionsFor(caller.grants);
  return (
    <TrpcProviders>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:z-50 focus:rounded-md focus:bg-sky-700 focus:px-3 focus:py-2 focus:text-sm focus:text-white"
      >
        Skip to main content
      </a>
      <div className="flex min-h-screen">
        <aside className="flex w-52 shrink-0 flex-col gap-6 border-r border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
          <div className="px-3 text-lg font-semibold tracking-tight">Stockade</div>
          <Nav permissions={permissions} fleetPermissions={fleetPermissions} />
        </aside>
        <div className="flex min-w-0 flex-1 flex-col">
          <header className="flex items-center justify-end gap-2 border-b border-slate-200 bg-white px-6 py-2 dark:border-slate-800 dark:bg-slate-900">
            {fleetPermissions.includes("jails.view") && <LiveDataBanner />}
            <ThemeToggle />
            <UserMenu username={caller.username} name={caller.name} />
          </header>
          <main id="main" tabIndex={-1} className="min-w-0 flex-1 p-6 focus:outline-none">
            {children}
          </main>
        </div>
      </div>
    </TrpcProviders>
  );
}
