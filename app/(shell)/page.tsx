import type { Metadata } from "next";
import { headers } from "next/headers";
import { processSnapshotForPage } from "@/server/api/page-snapshot";
import { HostSummary } from "./_overview/host-summary";
import { JailsPanel } from "./_overview/jails-panel";
import { LiveTree } from "@/app/_components/process-tree/live-tree";
import { LiveProcessesProvider } from "@/app/_live/live-processes-context";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const first = await processSnapshotForPage(await headers());
  return (
    <LiveProcessesProvider initial={first}>
      <div className="flex flex-col gap-6">
        <h1 className="sr-only">Overview</h1>
        <a
          href="#processes-title"
          className="sr-only focus:not-sr-only focus:self-start focus:rounded-md focus:bg-sky-700 focus:px-3 focus:py-2 focus:text-sm focus:text-white"
        >
          Skip to the process tree
        </a>
        <HostSummary />
        <JailsPanel />
        <section aria-labelledby="processes-title" className="flex flex-col gap-3">
          <h2 id="processes-title" tabIndex={-1} className="text-lg font-semibold focus:outline-none">
            Processes
          </h2>
          <LiveTree />
        </section>
      </div>
    </LiveProcessesProvider>
  );
}
