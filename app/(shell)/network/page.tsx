import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { landingHostFor } from "@/server/api/page-landing";
import { HostGate } from "@/app/_components/host-bar";
import { pageHref, withHost } from "@/app/_lib/host-param";
import { NetworkView } from "./network-view";

export const metadata: Metadata = { title: "Network" };

export default async function NetworkPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const landing = await landingHostFor(await headers(), params);
  if (landing) redirect(withHost(pageHref("/network", params), landing));
  return (
    <section className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Network</h1>
      <HostGate page="/network">
        <NetworkView />
      </HostGate>
    </section>
  );
}
