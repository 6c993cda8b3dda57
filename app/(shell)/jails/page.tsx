import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { callerFromHeaders } from "@/server/api/context";
import { isAllowed } from "@/server/auth/permissions";
import { LOCAL_HOST_ID } from "@/server/hosts";
import { JailsTable } from "./jails-table";

export const metadata: Metadata = { title: "Jails" };

export default async function JailsPage() {
  const caller = await callerFromHeaders(await headers());
  const mayCreate = caller !== null && isAllowed(caller.grants, "jails.manage", { kind: "host", hostId: LOCAL_HOST_ID });
  return (
    <section className="flex flex-col gap-4">
      <div className="flex items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Jails</h1>
        {mayCreate && (
          <Link href="/jails/new" className="rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800">
            New jail
          </Link>
        )}
      </div>
      <JailsTable />
    </section>
  );
}
