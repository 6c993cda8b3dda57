"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTRPC } from "@/app/_trpc/client";
import { useHostInput } from "@/app/_lib/use-host";
import { LoadState, REFRESH_MS } from "@/app/_components/load-state";
import { buildLedger } from "./ip-ledger";
import { AddressTable, InterfaceTable, PoolTable, Problems } from "./network-tables";

/** The page's host's IP ledger: problems first, then every address, the pools and the interfaces. */
export function NetworkView() {
  const trpc = useTRPC();
  const host = useHostInput();
  const network = useQuery(trpc.host.network.queryOptions(host, { refetchInterval: REFRESH_MS * 2 }));
  const jails = useQuery(trpc.jails.list.queryOptions(host, { refetchInterval: REFRESH_MS * 2 }));
  const ledger = useMemo(
    () =>
      network.data && jails.data
        ? buildLedger(
            network.data,
            jails.data.map((jail) => jail.name),
          )
        : null,
    [network.data, jails.data],
  );
  if (!network.data || !jails.data || !ledger) return <LoadState query={network.data ? jails : network} what="the network" />;
  return (
    <>
      <section aria-label="Problems" className="flex flex-col gap-2">
        <h2 className="text-lg font-semibold">Conflicts and leftovers</h2>
        <Problems problems={ledger.problems} />
      </section>
      <AddressTable entries={ledger.entries} />
      {ledger.pools.length > 0 && <PoolTable pools={ledger.pools} />}
      <InterfaceTable interfaces={network.data.interfaces} />
    </>
  );
}
