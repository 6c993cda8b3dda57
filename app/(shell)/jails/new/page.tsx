import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { HostGate } from "@/app/_components/host-bar";
import { hostFromPageParams, withHost } from "@/app/_lib/host-param";
import { callerFromHeaders } from "@/server/api/context";
import { isAllowed } from "@/server/auth/permissions";
import { CreateJail } from "./create-jail";

export const metadata: Metadata = { title: "New jail" };

/** A new jail on the host `?host=` names (this machine without one): that host's templates, pool and plan. */
export default async function NewJailPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const host = hostFromPageParams(await searchParams);
  const caller = await callerFromHeaders(await headers());
  const allowed = caller !== null && isAllowed(caller.grants, "jails.manage", { kind: "host", hostId: host });
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">New jail</h1>
      <HostGate page="/jails">
        {allowed ? (
          <CreateJail />
        ) : (
          <p role="alert" className="text-sm">
            Only an admin of this host creates jails on it.{" "}
            <Link className="text-sky-700 underline dark:text-sky-300" href={withHost("/jails", host)}>
              All jails
            </Link>
          </p>
        )}
      </HostGate>
    </section>
  );
}
