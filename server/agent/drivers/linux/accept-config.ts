/**
 * Accepting a hand edit of Stockade's block of an LXC config: the definition takes the values
 * the file now has, and the change plan renders the block from it again (so the file and the
 * definition agree, and the next read finds no drift). Only keys that are plain definition
 * fields are taken; an edited address, network or security line is refused, as accepting it
 * would let a file edit choose what Stockade's posture checks and address pool vouch for.
 */
import { AgentError, hostnameSchema, type ChangeJailInput, type JailLimits } from "../../protocol";
import { LIMIT_FIELDS, limitFrom, type Drift } from "./drift";

const CONFIG_PREFIX = "config:";
const CGROUP_KEY = /^lxc\.cgroup2?\.(.+)$/;

/** The definition fields a set of hand edits becomes; throws naming the keys it cannot take. */
export function acceptedConfigEdits(name: string, drift: Drift): Pick<ChangeJailInput, "hostname" | "limits"> {
  const accepted: Pick<ChangeJailInput, "hostname" | "limits"> = {};
  const limits: JailLimits = {};
  const refused: string[] = [];
  for (const { key, running } of drift.filter((d) => d.key.startsWith(CONFIG_PREFIX))) {
    const configKey = key.slice(CONFIG_PREFIX.length);
    const limitKey = `limits.${CGROUP_KEY.exec(configKey)?.[1] ?? ""}`;
    const field = LIMIT_FIELDS[limitKey];
    if (field) limits[field] = running === null ? null : limitFrom(limitKey, running);
    else if (configKey === "lxc.uts.name" && running !== null && hostnameSchema.safeParse(running).success) accepted.hostname = running;
    else refused.push(configKey);
  }
  const bad = Object.entries(limits).filter(([, value]) => value !== null && !(Number.isInteger(value) && value > 0));
  refused.push(...bad.map(([field]) => `limits.${field}`));
  if (refused.length > 0) {
    throw new AgentError(
      "unsupported",
      `${name}'s config was edited where Stockade cannot take the file's value (${refused.join(", ")}): revert it, or change the jail through Stockade`,
    );
  }
  return Object.keys(limits).length > 0 ? { ...accepted, limits } : accepted;
}
