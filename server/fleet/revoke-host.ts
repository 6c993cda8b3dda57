import { readFile } from "node:fs/promises";
import path from "node:path";
import { agentCommonName } from "@/server/agent-client";
import { writeAudit } from "@/server/api/audit";
import type { Db } from "@/server/db/types";
import { fingerprintOf, serialOf } from "./ca";
import { hostNameSchema } from "./hosts";
import { revokeCertificate } from "./revocation";
import { ensureFleetIdentity, fleetDir } from "./store";

export interface HostRevocation {
  name: string;
  address: string;
  serial: string;
  fingerprint: string;
  /** false: that certificate was on the list already, and nothing changed. */
  revoked: boolean;
}

export class NoSuchRemoteHostError extends Error {}

/**
 * Revoking a host, for `stockade host revoke NAME` and the Hosts page alike: its agent
 * certificate goes on the Stockade CA's revocation list and the CRL is re-issued. The web
 * refuses it from its next poll (the host row stays, shown as revoked, until `host add NAME
 * ADDRESS --renew` enrols it again); agents given the new crl.pem refuse it too. Audited as
 * `host.revoke` with whoever asked, only when the list changed.
 */
export async function revokeHost(
  nameInput: string,
  { dataDir, db, actor }: { dataDir: string; db: Db; actor: { id: string | null; name: string } },
): Promise<HostRevocation> {
  const name = hostNameSchema.parse(nameInput);
  const row = await db.host.findUnique({ where: { id: name } });
  if (!row?.address) throw new NoSuchRemoteHostError(`There is no remote host named ${name}.`);
  const dir = fleetDir(dataDir);
  const identity = await ensureFleetIdentity(dir);
  const cert = await readFile(path.join(dir, "hosts", name, "agent.crt"), "utf8");
  const revoked = await revokeCertificate(dir, identity.ca, cert, name, agentCommonName(name));
  const [serial, fingerprint] = [serialOf(cert), fingerprintOf(cert)];
  if (revoked) {
    await writeAudit(db, {
      actorId: actor.id,
      actorName: actor.name,
      action: "host.revoke",
      hostId: name,
      targetType: "host",
      target: name,
      result: "ok",
      message: `Revoked ${name}'s agent certificate`,
      details: { serial, fingerprint, recordedFingerprint: row.fingerprint },
    });
  }
  return { name, address: row.address, serial, fingerprint, revoked };
}

export interface Renewal {
  old: { serial: string; fingerprint: string };
  current: { serial: string; fingerprint: string };
  /** false: the old certificate was on the list already (revoked before the renewal). */
  revoked: boolean;
}

/**
 * A renewed host (`host add --renew`, or a new address) once its new certificate is recorded:
 * the one it replaced goes on the revocation list through the same CRL as `host revoke`, so
 * whoever holds the old key is refused as revoked. Audited as `host.renew` with both.
 */
export async function revokeReplaced(
  name: string,
  { oldCert, newCert }: { oldCert: string; newCert: string },
  { dataDir, db, actor }: { dataDir: string; db: Db; actor: { id: string | null; name: string } },
): Promise<Renewal> {
  const dir = fleetDir(dataDir);
  const identity = await ensureFleetIdentity(dir);
  const revoked = await revokeCertificate(dir, identity.ca, oldCert, name, agentCommonName(name));
  const old = { serial: serialOf(oldCert), fingerprint: fingerprintOf(oldCert) };
  const current = { serial: serialOf(newCert), fingerprint: fingerprintOf(newCert) };
  await writeAudit(db, {
    actorId: actor.id,
    actorName: actor.name,
    action: "host.renew",
    hostId: name,
    targetType: "host",
    target: name,
    result: "ok",
    message: `Renewed ${name}'s agent certificate; the old one is revoked`,
    details: { old, new: current, oldAlreadyRevoked: !revoked },
  });
  return { old, current, revoked };
}
