import type { Metadata } from "next";
import { headers } from "next/headers";
import { callerFromHeaders } from "@/server/api/context";
import { isAllowed } from "@/server/auth/permissions";
import { LOCAL_HOST_ID } from "@/server/hosts";
import { HostsView } from "./hosts-view";

export const metadata: Metadata = { title: "Hosts" };

export default async function HostsPage() {
  const caller = await callerFromHeaders(await headers());
  // Fleet changes are asked on this machine, where the Stockade CA lives (as hosts.revoke checks).
  const mayRevoke = caller !== null && isAllowed(caller.grants, "hosts.manage", { kind: "host", hostId: LOCAL_HOST_ID });
  return (
    <section className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Hosts</h1>
      <HostsView mayRevoke={mayRevoke} />
    </section>
  );
}
