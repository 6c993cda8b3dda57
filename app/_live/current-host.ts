/**
 * The host a page shows, read from its URL (`?host=NAME`); this machine without one. Kept to
 * this one module so a shared host reader (the host selector's) can replace it in one place.
 */

/** This machine's agent, as the server names it (server/hosts.ts LOCAL_HOST_ID). */
export const LOCAL_HOST = "local";

type SearchParams = Record<string, string | string[] | undefined>;

/** `?host=NAME` (the first one if repeated); the server validates it and answers an unknown one with NOT_FOUND. */
export function hostOfSearchParams(params: SearchParams): string {
  const value = params["host"];
  const host = Array.isArray(value) ? value[0] : value;
  return host && host.length > 0 ? host : LOCAL_HOST;
}

/**
 * Jail pages, adopting, signals and power actions act on this machine only for now: views of
 * another host show its data without them, rather than offering this machine's jail of the same name.
 */
export const actsHere = (host: string): boolean => host === LOCAL_HOST;
