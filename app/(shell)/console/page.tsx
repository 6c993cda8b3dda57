import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { landingHostFor } from "@/server/api/page-landing";
import { HostGate } from "@/app/_components/host-bar";
import { pageHref, withHost } from "@/app/_lib/host-param";
import { ConsoleJails } from "./console-jails";
import { RecentSessions } from "./recent-sessions";

export const metadata: Metadata = { title: "Console" };

/** One host's consoles (`?host=NAME`, this machine without one): its jails and the sessions opened there lately. */
export default async function ConsolePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const landing = await landingHostFor(await headers(), params);
  if (landing) redirect(withHost(pageHref("/console", params), landing));
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">Console</h1>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        A shell inside a running jail, in the browser. Sessions survive reloads, can be watched by colleagues, and are recorded.
      </p>
      <HostGate page="/console">
        <ConsoleJails />
        <RecentSessions />
      </HostGate>
    </section>
  );
}
