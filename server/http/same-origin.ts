/**
 * A browser sends Origin (and Sec-Fetch-Site) with every POST. A mutation whose Origin is
 * not Stockade's own is another site's page riding the session cookie: refused. Requests
 * with neither header are not from a browser page (the CLI with a bearer token) and carry
 * no ambient cookie authority from another site.
 */
export function crossOriginRefusal(headers: Headers, origin: string): string | null {
  const site = headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return `Cross-site requests are refused (Sec-Fetch-Site: ${site}).`;
  const requestOrigin = headers.get("origin");
  if (requestOrigin !== null && requestOrigin !== origin) return `Requests from ${requestOrigin} are refused: this is ${origin}.`;
  return null;
}
