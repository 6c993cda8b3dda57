import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { viewerFromHeaders } from "@/server/api/context";
import { isAllowed } from "@/server/auth/permissions";
import { LOCAL_HOST_ID } from "@/server/auth/users";
import { JailsTable } from "./jails-table";

export const metadata: Metadata = { title: "Jails" };

export default async function JailsPage() {
  const viewer = await viewerFromHeaders(await headers());
  const mayCreate = viewer !== null && isAllowed(viewer.grants, "jails.manage", { kind: "host", hostId: LOCAL_HOST_ID });
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
