import { userInfo } from "node:os";
import type { Db } from "@/server/db/types";
import { crlFile } from "@/server/fleet/revocation";
import { NoSuchRemoteHostError, revokeHost as revokeHostCertificate } from "@/server/fleet/revoke-host";
import { fleetDir } from "@/server/fleet/store";

export interface HostRevokeIo {
  dataDir: string;
  db: Db;
  print(line: string): void;
}

/** `stockade host revoke NAME`: what the Hosts page's revoke does (server/fleet/revoke-host.ts), said on the terminal. */
export async function revokeHost(nameInput: string, io: HostRevokeIo): Promise<boolean> {
  const actor = { id: null, name: `${userInfo().username} (command line)` };
  const result = await revokeHostCertificate(nameInput, { dataDir: io.dataDir, db: io.db, actor }).catch((error: unknown) => {
    if (!(error instanceof NoSuchRemoteHostError)) throw error;
    throw new Error(`${error.message} (npm run stockade -- host add ${nameInput} ADDRESS)`);
  });
  const { name, serial, fingerprint, address } = result;
  if (!result.revoked) {
    io.print(`${name}'s agent certificate (serial ${serial}) was already revoked.`);
    return false;
  }
  io.print(`Revoked ${name}'s agent certificate: serial ${serial}, SHA-256 ${fingerprint}`);
  io.print(`  the web refuses it from its next poll; enrol the host again with: npm run stockade -- host add ${name} ${address} --renew`);
  io.print(`  copy ${crlFile(fleetDir(io.dataDir))} to every host (STOCKADE_AGENT_TLS_CRL): agents re-read it when it changes`);
  return true;
}
