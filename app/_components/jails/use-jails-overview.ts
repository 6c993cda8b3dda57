"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/client";
import type { Jail, Usage } from "@/server/agent/protocol";
import { REFRESH_MS } from "../load-state";

export interface SparkPoint {
  at: number;
  cpuPercent: number;
  memoryBytes: number;
  processCount: number;
}

export interface JailOverview {
  jail: Jail;
  usage: Usage | null;
  spark: SparkPoint[];
}

/** A jail's addresses in one line, for cards and table cells. */
export function addressesOf(jail: Jail): string {
  return [...jail.ipv4, ...jail.ipv6].join(", ") || "no address";
}

/** One host's jail list (this machine's without one) joined with current usage and the last minutes of history, all polled. */
export function useJailsOverview(host?: string) {
  const trpc = useTRPC();
  const input = host ? { host } : undefined;
  const jails = useQuery(trpc.jails.list.queryOptions(input, { refetchInterval: REFRESH_MS }));
  const usage = useQuery(trpc.host.usage.queryOptions(input, { refetchInterval: REFRESH_MS }));
  const sparklines = useQuery(trpc.usage.sparklines.queryOptions(input, { refetchInterval: REFRESH_MS * 2 }));
  const usageByJail = new Map((usage.data?.jails ?? []).map((entry) => [entry.jail, entry]));
  const rows: JailOverview[] | undefined = jails.data?.map((jail) => ({
    jail,
    usage: usageByJail.get(jail.name) ?? null,
    spark: sparklines.data?.[jail.name] ?? [],
  }));
  return { jails, usage, sparklines, rows };
}
