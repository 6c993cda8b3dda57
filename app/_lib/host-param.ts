/**
 * Which host a page shows: `?host=NAME` in its URL, this machine ("local") without one. Every
 * host-aware page and live feed reads it through here (client components: `useHost` in
 * ./use-host.ts), and every link between them keeps it with `withHost`, so a page's tRPC
 * queries, its socket feeds and its links all agree on one host. Pure, so server pages use it too.
 */
import { LOCAL_HOST_ID } from "@/shared/host-id";

export const HOST_PARAM = "host";

/** Pages that show one host's data: links to them keep the current host (the Main navigation among them). */
export const HOST_PAGES: readonly string[] = ["/", "/jails", "/network"];

/** The host named by these search params; this machine when none (or an empty one) is named. */
export function hostFromSearch(search: Pick<URLSearchParams, "get"> | null): string {
  const named = search?.get(HOST_PARAM)?.trim();
  return named ? named : LOCAL_HOST_ID;
}

/** The host a server page's `searchParams` name (a repeated `host` counts as none). */
export function hostFromPageParams(params: Record<string, string | string[] | undefined>): string {
  const named = params[HOST_PARAM];
  return hostFromSearch({ get: () => (typeof named === "string" ? named : null) });
}

/** `href` showing `host`: its `?host=` set, or dropped for this machine; the rest of the query and the hash kept. */
export function withHost(href: string, host: string): string {
  const url = new URL(href, "http://stockade.invalid");
  if (host === LOCAL_HOST_ID) url.searchParams.delete(HOST_PARAM);
  else url.searchParams.set(HOST_PARAM, host);
  return `${url.pathname}${url.search}${url.hash}`;
}

/** A server page's own address with the query it was asked with (a repeated parameter kept repeated). */
export function pageHref(page: string, params: Record<string, string | string[] | undefined>): string {
  const query = new URLSearchParams(Object.entries(params).flatMap(([key, value]) => [value ?? []].flat().map((one) => [key, one])));
  return query.size > 0 ? `${page}?${query.toString()}` : page;
}

/** True when links to `href` should keep the host (a host-aware page or one under it). */
export function isHostPage(href: string): boolean {
  const pathname = new URL(href, "http://stockade.invalid").pathname;
  // The overview ("/") is one page, not everything under it.
  return HOST_PAGES.some((page) => pathname === page || (page !== "/" && pathname.startsWith(`${page}/`)));
}
