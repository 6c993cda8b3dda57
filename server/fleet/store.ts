import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { agentCommonName } from "@/server/agent-client";
import { certCovers, createCa, fingerprintOf, issueLeaf, type PemPair } from "./ca";
import { crlFile, ensureCrl } from "./revocation";

/** Where the web keeps the Stockade CA, its own client identity, and one enrolment bundle per host. */
export function fleetDir(dataDir: string): string {
  return path.join(dataDir, "fleet");
}

async function readPair(certFile: string, keyFile: string): Promise<PemPair | null> {
  try {
    return { cert: await readFile(certFile, "utf8"), key: await readFile(keyFile, "utf8") };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

async function writePair(certFile: string, keyFile: string, pair: PemPair): Promise<void> {
  await mkdir(path.dirname(certFile), { recursive: true, mode: 0o700 });
  await writeFile(keyFile, pair.key, { mode: 0o600 });
  await chmod(keyFile, 0o600);
  await writeFile(certFile, pair.cert, { mode: 0o644 });
}

async function readOrCreate(certFile: string, keyFile: string, create: () => Promise<PemPair>): Promise<PemPair> {
  const existing = await readPair(certFile, keyFile);
  if (existing) return existing;
  const pair = await create();
  await writePair(certFile, keyFile, pair);
  return pair;
}

export interface FleetIdentity {
  ca: PemPair;
  /** The web's client certificate, presented to every remote agent. */
  web: PemPair;
  /** The CA's revocation list (PEM): agent certificates on it are refused (`host revoke`). */
  crl: string;
}

/** Creates the CA and the web's client certificate the first time; reads them afterwards. */
export async function ensureFleetIdentity(dir: string): Promise<FleetIdentity> {
  const ca = await readOrCreate(path.join(dir, "ca.crt"), path.join(dir, "ca.key"), () => createCa());
  const web = await readOrCreate(path.join(dir, "web.crt"), path.join(dir, "web.key"), () =>
    issueLeaf(ca, { commonName: "stockade-web", usage: "client" }),
  );
  return { ca, web, crl: await ensureCrl(dir, ca) };
}

export interface AgentBundle {
  /** Folder holding agent.crt, agent.key, ca.crt and crl.pem: what the remote agent needs (STOCKADE_AGENT_TLS_*). */
  dir: string;
  cert: string;
  fingerprint: string;
  /** The certificate this one replaced (renewed, or a new address), for `host add` to revoke once recorded. */
  replaced: string | null;
}

/**
 * The agent's server certificate for NAME, its SAN the host part of the address. An existing
 * bundle for the same address is kept (re-running `host add` shows the same fingerprint) unless
 * asked to renew; a replaced certificate is handed back so the caller can revoke it.
 */
export async function agentBundle(dir: string, ca: PemPair, name: string, sanHost: string, renew = false): Promise<AgentBundle> {
  const hostDir = path.join(dir, "hosts", name);
  const [certFile, keyFile] = [path.join(hostDir, "agent.crt"), path.join(hostDir, "agent.key")];
  const existing = await readPair(certFile, keyFile);
  const pair =
    existing && !renew && certCovers(existing.cert, sanHost)
      ? existing
      : await issueLeaf(ca, { commonName: agentCommonName(name), usage: "server", addresses: [sanHost] });
  if (pair !== existing) await writePair(certFile, keyFile, pair);
  await writeFile(path.join(hostDir, "ca.crt"), ca.cert, { mode: 0o644 });
  await writeFile(crlFile(hostDir), await ensureCrl(dir, ca), { mode: 0o644 });
  const replaced = pair === existing ? null : (existing?.cert ?? null);
  return { dir: hostDir, cert: pair.cert, fingerprint: fingerprintOf(pair.cert), replaced };
}
