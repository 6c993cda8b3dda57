import type { Metadata } from "next";
import { HostSummary } from "./_overview/host-summary";
import { JailsPanel } from "./_overview/jails-panel";
import { LiveTree } from "./_overview/live-tree";

export const metadata: Metadata = { title: "Overview" };

export default function OverviewPage() {
  return (
    <div className="flex flex-col gap-6">
      <h1 className="sr-only">Overview</h1>
      <HostSummary />
      <JailsPanel />
      <section aria-labelledby="processes-title" className="flex flex-col gap-3">
        <h2 id="processes-title" className="text-lg font-semibold">
          Processes
        </h2>
        <LiveTree />
      </section>
    </div>
  );
}
