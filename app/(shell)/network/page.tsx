import type { Metadata } from "next";
import { HostGate } from "@/app/_components/host-bar";
import { NetworkView } from "./network-view";

export const metadata: Metadata = { title: "Network" };

export default function NetworkPage() {
  return (
    <section className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Network</h1>
      <HostGate page="/network">
        <NetworkView />
      </HostGate>
    </section>
  );
}
