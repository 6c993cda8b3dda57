/**
 * Drift: a running jail whose kernel parameters (jls -n) differ from the configuration that
 * defines it — the file was edited after the jail started, or someone ran `jail -m`. Read
 * afresh at each listing from the same jls and conf reads the listing makes; nothing polls.
 */
import type { Jail } from "../../protocol";
import type { ParsedConfValue } from "./jail-conf-parse";
import type { ConfiguredJail } from "./jail-conf-read";
import type { JlsJail, JlsValue } from "./parse-jls";

export type Drift = NonNullable<Jail["drift"]>;

const ADDRESS_KEYS = new Set(["ip4.addr", "ip6.addr"]);

/** "em0|192.0.2.30/32" → "192.0.2.30": jls reports addresses without interface or prefix. */
const bareAddress = (item: string) => (item.split("|").at(-1) ?? "").split("/")[0]!.trim();

/** One text per value, the same for the conf's and jls's spelling of it. */
function comparable(key: string, value: ParsedConfValue | JlsValue): string {
  if (typeof value === "boolean") return String(value);
  const items = Array.isArray(value) ? value : ADDRESS_KEYS.has(key) ? value.split(",") : null;
  if (items === null) return value as string;
  const normal = ADDRESS_KEYS.has(key) ? items.map(bareAddress) : items.map((item) => item.trim());
  return normal.filter(Boolean).sort().join(",");
}

/** Every key the configuration sets that the kernel reports with another value. */
export function jailDrift(conf: ConfiguredJail | null, running: JlsJail | null): Drift {
  if (!conf || !running || running.dying) return [];
  const drift: Drift = [];
  for (const [key, value] of Object.entries(conf.parameters)) {
    const live = running.params[key];
    // jail(8)'s own parameters (exec.*, mount.*, interface) never reach the kernel.
    if (live === undefined) continue;
    const [defined, actual] = [comparable(key, value), comparable(key, live)];
    if (defined !== actual) drift.push({ key, defined, running: actual });
  }
  return drift.sort((a, b) => a.key.localeCompare(b.key));
}

/** The key a stopped jail's edited file is flagged under: no kernel values exist to compare. */
export const FILE_DRIFT_PREFIX = "file:";
export const isFileDrift = (key: string) => key.startsWith(FILE_DRIFT_PREFIX);

/** A file whose content no longer has the hash Stockade sealed it with was edited by hand. */
export function fileDrift(conf: ConfiguredJail): Drift {
  const { sealed } = conf;
  if (!sealed || sealed.recorded === sealed.actual) return [];
  const key = `${FILE_DRIFT_PREFIX}${conf.definedIn.file}`;
  return [{ key, defined: `sha256:${sealed.recorded}`, running: `sha256:${sealed.actual}` }];
}
