import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { landingHostFor } from "@/server/api/page-landing";
import { headers } from "next/headers";
import Link from "next/link";
import { callerFromHeaders } from "@/server/api/context";
import { isAllowed } from "@/server/auth/permissions";
import { HostGate } from "@/app/_components/host-bar";
import { hostFromPageParams, pageHref, withHost } from "@/app/_lib/host-param";
import { AdoptContainer } from "./adopt-container";
import { JailsTable } from "./jails-table";

export const metadata: Metadata = { title: "Jails" };

const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);

/**
 * ?host=NAME shows that host's jails; ?adopt=NAME&lxcPath=PATH (the process tree's unmanaged row)
 * opens the adopt form filled in. Creating and adopting act on the host shown, its agent planning them.
 */
export default async function JailsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const landing = await landingHostFor(await headers(), params);
  if (landing) redirect(withHost(pageHref("/jails", params), landing));
  const caller = await callerFromHeaders(await headers());
  const host = hostFromPageParams(params);
  const mayCreate = caller !== null && isAllowed(caller.grants, "jails.manage", { kind: "host", hostId: host });
  return (
    <section className="flex flex-col gap-4">
      <div className="flex items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Jails</h1>
        {mayCreate && (
          <Link
            href={withHost("/jails/new", host)}
            className="rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800"
          >
            New jail
          </Link>
        )}
      </div>
      <HostGate page="/jails">
        <JailsTable />
      </HostGate>
      {mayCreate && <AdoptContainer name={one(params.adopt)} lxcPath={one(params.lxcPath)} />}
    </section>
  );
}
