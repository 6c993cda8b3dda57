import type { Metadata } from "next";
import { HostsView } from "./hosts-view";

export const metadata: Metadata = { title: "Hosts" };

export default function HostsPage() {
  return (
    <section className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Hosts</h1>
      <HostsView />
    </section>
  );
}
