"use client";

import { ExampleLayoutOffer } from "./example-layout-offer";
import { JailCard } from "./jail-card";
import { LoadState } from "@/app/_components/load-state";
import { useJailsOverview } from "@/app/_components/jails/use-jails-overview";

/** Every jail the viewer may see on the host, with trends and limits; polled, so it heals after an outage. */
export function JailsPanel() {
  const { jails, rows } = useJailsOverview();
  return (
    <section aria-labelledby="jails-panel-title" className="flex flex-col gap-2">
      <h2 id="jails-panel-title" className="text-lg font-semibold">
        Jails
      </h2>
      {!rows ? (
        <LoadState query={jails} what="the jails" compact />
      ) : rows.length === 0 ? (
        <p className="text-sm text-slate-500">No jails you may see exist on this host yet.</p>
      ) : (
        <ul aria-label="Jails" className="grid grid-cols-[repeat(auto-fill,minmax(20rem,1fr))] gap-3">
          {rows.map((row) => (
            <JailCard key={row.jail.name} row={row} />
          ))}
        </ul>
      )}
      {/* Always at this place in the tree, so a layout being built keeps its results as its jails appear above. */}
      {rows && <ExampleLayoutOffer hostEmpty={rows.length === 0} />}
      {rows && jails.isError && <LoadState query={jails} what="the jails" compact />}
    </section>
  );
}
