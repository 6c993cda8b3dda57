/**
 * What identifies a running jail differs by platform: FreeBSD gives each a JID, an LXC
 * container has none and is known by its init's host PID. Every page asks here, so none
 * shows "JID: not running" beside a running badge.
 */
import type { Jail } from "@/server/agent/protocol";

export interface JailIdentity {
  label: string;
  value: string;
  title: string;
}

export function jailIdentity(jail: Pick<Jail, "jid" | "initPid" | "state">): JailIdentity | null {
  if (jail.jid !== null) return { label: "JID", value: String(jail.jid), title: "The jail's id from jls(8)." };
  if (jail.state === "running" && jail.initPid !== null) {
    return { label: "Init PID", value: String(jail.initPid), title: "The host PID of the jail's init (an LXC container has no JID)." };
  }
  return null;
}

/** The list shows a JID column only where the platform has JIDs. */
export function showsJidColumn(jails: readonly Pick<Jail, "jid">[]): boolean {
  return jails.some((jail) => jail.jid !== null);
}
