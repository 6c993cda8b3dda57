"use client";

import { useSearchParams } from "next/navigation";
import { hostFromSearch } from "./host-param";

/** The current page's host, from its `?host=` (./host-param.ts). */
export function useHost(): string {
  return hostFromSearch(useSearchParams());
}

/** The `host` input every host-aware tRPC procedure takes, for the current page's host. */
export function useHostInput(): { host: string } {
  return { host: useHost() };
}
