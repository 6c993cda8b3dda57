import { fetchHostInfo, normalizeFingerprint } from "@/server/agent-client";
import type { Db } from "@/server/db/types";
import { userInfo } from "node:os";
import { formatAddress, hostAddressSchema, hostConnection, hostNameSchema, recordHost } from "@/server/fleet/hosts";
import { revokeReplaced } from "@/server/fleet/revoke-host";
import { agentBundle, ensureFleetIdentity, fleetDir, type AgentBundle } from "@/server/fleet/store";

export interface HostAddOptions {
  name: string;
  address: string;
  /** Accept the fingerprint without asking (scripts). */
  yes?: boolean;
  /** Accept only if the agent's fingerprint is this one (scripts that know it, like ssh's known_hosts). */
  fingerprint?: string;
  /** Issue a new agent certificate even if one for this address exists. */
  renew?: boolean;
}

export interface HostAddIo {
  dataDir: string;
  db: Db;
  print(line: string): void;
  /** Asks the operator; false (or no terminal) leaves the host unrecorded. */
  confirm(question: string): Promise<boolean>;
}

function agentInstructions(bundle: AgentBundle, listen: string): string[] {
  return [
    `  agent files: ${bundle.dir}/{agent.crt,agent.key,ca.crt,crl.pem} — copy them to the host and start its agent with`,
    `    STOCKADE_AGENT_TLS_LISTEN=${listen} STOCKADE_AGENT_TLS_CERT=…/agent.crt STOCKADE_AGENT_TLS_KEY=…/agent.key STOCKADE_AGENT_TLS_CA=…/ca.crt STOCKADE_AGENT_TLS_CRL=…/crl.pem`,
  ];
}

async function accepted(options: HostAddOptions, io: HostAddIo, fingerprint: string): Promise<boolean> {
  if (options.fingerprint !== undefined) {
    if (normalizeFingerprint(options.fingerprint) === fingerprint) return true;
    throw new Error(
      `Fingerprint mismatch: the agent's certificate is ${fingerprint}, not ${normalizeFingerprint(options.fingerprint)}; nothing recorded`,
    );
  }
  return options.yes === true || io.confirm("Record this host with that fingerprint? (yes/no) ");
}

/** Only once the new certificate is recorded: revoking the old one earlier would cut off the host it still serves. */
async function revokeOld(name: string, bundle: AgentBundle, io: HostAddIo): Promise<void> {
  if (bundle.replaced === null) return;
  const actor = { id: null, name: `${userInfo().username} (command line)` };
  const { old, revoked } = await revokeReplaced(name, { oldCert: bundle.replaced, newCert: bundle.cert }, { ...io, actor });
  io.print(
    `  the certificate it replaces (serial ${old.serial}, SHA-256 ${old.fingerprint}) ${revoked ? "is now revoked" : "was already revoked"}`,
  );
}

/**
 * `stockade host add NAME ADDRESS`: the CA and the web's client certificate if missing, the
 * agent's server certificate (SAN = the address), then — once its fingerprint is confirmed —
 * the host row the web connects with, pinned to that fingerprint; a certificate it replaces is revoked.
 */
export async function addHost(options: HostAddOptions, io: HostAddIo): Promise<boolean> {
  const name = hostNameSchema.parse(options.name);
  const address = hostAddressSchema.parse(options.address);
  const dir = fleetDir(io.dataDir);
  const identity = await ensureFleetIdentity(dir);
  const bundle = await agentBundle(dir, identity.ca, name, address.host, options.renew);
  io.print(`Host ${name} at ${formatAddress(address)}`);
  io.print(`  agent certificate SHA-256 fingerprint: ${bundle.fingerprint}`);
  for (const line of agentInstructions(bundle, formatAddress(address))) io.print(line);
  if (!(await accepted(options, io, bundle.fingerprint))) {
    io.print("Not recorded.");
    return false;
  }
  await recordHost(io.db, { name, address, fingerprint: bundle.fingerprint });
  io.print(`Recorded ${name}; the web trusts only that certificate for it.`);
  await revokeOld(name, bundle, io);
  const info = await fetchHostInfo(
    hostConnection({ name, address: formatAddress(address), fingerprint: bundle.fingerprint }, identity),
  ).catch((error: Error) => error);
  io.print(
    info instanceof Error
      ? `  not reachable yet: ${info.message}`
      : `  reachable: ${info.hostname} (${info.os}, agent ${info.agentVersion})`,
  );
  return true;
}
