import { readFile } from "node:fs/promises";
import { userInfo } from "node:os";
import path from "node:path";
import { agentCommonName } from "@/server/agent-client";
import { writeAudit } from "@/server/api/audit";
import type { Db } from "@/server/db/types";
import { fingerprintOf, serialOf } from "@/server/fleet/ca";
import { hostNameSchema } from "@/server/fleet/hosts";
import { crlFile, revokeCertificate } from "@/server/fleet/revocation";
import { ensureFleetIdentity, fleetDir } from "@/server/fleet/store";

export interface HostRevokeIo {
  dataDir: string;
  db: Db;
  print(line: string): void;
}

/**
 * `stockade host revoke NAME`: the host's agent certificate goes on the Stockade CA's revocation
 * list. The web refuses it from its next poll (the host row stays, shown as revoked, until `host
 * add NAME ADDRESS --renew` enrols it again); agents given the new crl.pem refuse it too.
 */
export async function revokeHost(nameInput: string, io: HostRevokeIo): Promise<boolean> {
  const name = hostNameSchema.parse(nameInput);
  const row = await io.db.host.findUnique({ where: { id: name } });
  if (!row?.address) throw new Error(`There is no remote host named ${name} (npm run stockade -- host add ${name} ADDRESS)`);
  const dir = fleetDir(io.dataDir);
  const identity = await ensureFleetIdentity(dir);
  const cert = await readFile(path.join(dir, "hosts", name, "agent.crt"), "utf8");
  const added = await revokeCertificate(dir, identity.ca, cert, name, agentCommonName(name));
  const [serial, fingerprint] = [serialOf(cert), fingerprintOf(cert)];
  if (!added) {
    io.print(`${name}'s agent certificate (serial ${serial}) was already revoked.`);
    return false;
  }
  await writeAudit(io.db, {
    actorId: null,
    actorName: `${userInfo().username} (command line)`,
    action: "host.revoke",
    hostId: name,
    targetType: "host",
    target: name,
    result: "ok",
    message: `Revoked ${name}'s agent certificate`,
    details: { serial, fingerprint, recordedFingerprint: row.fingerprint },
  });
  io.print(`Revoked ${name}'s agent certificate: serial ${serial}, SHA-256 ${fingerprint}`);
  io.print(
    `  the web refuses it from its next poll; enrol the host again with: npm run stockade -- host add ${name} ${row.address} --renew`,
  );
  io.print(`  copy ${crlFile(dir)} to every host (STOCKADE_AGENT_TLS_CRL): agents re-read it when it changes`);
  return true;
}
