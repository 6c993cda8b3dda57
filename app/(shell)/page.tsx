import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { landingHostFor } from "@/server/api/page-landing";
import { headers } from "next/headers";
import { HydrationBoundary } from "@tanstack/react-query";
import { overviewForPage } from "@/server/api/overview-for-page";
import { HostSummary } from "./_overview/host-summary";
import { JailsPanel } from "./_overview/jails-panel";
import { LiveTree } from "@/app/_components/process-tree/live-tree";
import { LiveProcessesProvider } from "@/app/_live/live-processes-context";
import { HostGate } from "@/app/_components/host-bar";
import { hostFromPageParams, pageHref, withHost } from "@/app/_lib/host-param";

export const metadata: Metadata = { title: "Overview" };

/** One host's overview: `?host=NAME` (this machine without one). */
export default async function OverviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const landing = await landingHostFor(await headers(), params);
  if (landing) redirect(withHost(pageHref("/", params), landing));
  const host = hostFromPageParams(params);
  const { snapshot, queries } = await overviewForPage(await headers(), host);
  return (
    // The host strip, jail cards and host select start from what the server read, so nothing above the tree moves it.
    <HydrationBoundary state={queries}>
      {/* Keyed by host: another host's page starts from its own state, not the last host's tree. */}
      <LiveProcessesProvider key={host} initial={snapshot} host={host}>
        <div className="flex flex-col gap-4">
          <h1 className="sr-only">Overview</h1>
          <a
            href="#processes-title"
            className="sr-only focus:not-sr-only focus:self-start focus:rounded-md focus:bg-sky-700 focus:px-3 focus:py-2 focus:text-sm focus:text-white"
          >
            Skip to the process tree
          </a>
          <HostGate page="/">
            <HostSummary host={host} />
            <JailsPanel />
            <section aria-labelledby="processes-title">
              <LiveTree
                title={
                  <h2 id="processes-title" tabIndex={-1} className="text-lg font-semibold focus:outline-none">
                    Processes
                  </h2>
                }
              />
            </section>
          </HostGate>
        </div>
      </LiveProcessesProvider>
    </HydrationBoundary>
  );
}
