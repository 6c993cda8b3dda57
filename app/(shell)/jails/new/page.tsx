import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { callerFromHeaders } from "@/server/api/context";
import { isAllowed } from "@/server/auth/permissions";
import { LOCAL_HOST_ID } from "@/server/hosts";
import { CreateJail } from "./create-jail";

export const metadata: Metadata = { title: "New jail" };

export default async function NewJailPage() {
  const caller = await callerFromHeaders(await headers());
  const allowed = caller !== null && isAllowed(caller.grants, "jails.manage", { kind: "host", hostId: LOCAL_HOST_ID });
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">New jail</h1>
      {allowed ? (
        <CreateJail />
      ) : (
        <p role="alert" className="text-sm">
          Only an admin creates jails.{" "}
          <Link className="text-sky-700 underline dark:text-sky-300" href="/jails">
            All jails
          </Link>
        </p>
      )}
    </section>
  );
}
