import { randomUUID } from "node:crypto";
import { chmod, link, mkdir, readFile, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
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

/**
 * Written to a unique temporary file, then hard-linked into place: the link fails if the file
 * exists (another process got there first), and a reader never sees half a file.
 */
async function linkNew(file: string, text: string, mode: number): Promise<boolean> {
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(temporary, text, { mode, flag: "wx" });
  try {
    await chmod(temporary, mode);
    await link(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    await unlink(temporary);
  }
}

/** The winner links the key before the certificate, so a certificate on disk means both are whole. */
async function claimPair(certFile: string, keyFile: string, pair: PemPair): Promise<boolean> {
  await mkdir(path.dirname(certFile), { recursive: true, mode: 0o700 });
  if (!(await linkNew(keyFile, pair.key, 0o600))) return false;
  if (!(await linkNew(certFile, pair.cert, 0o644))) throw new Error(`${certFile} appeared without its key being ours`);
  return true;
}

const WINNER_WAIT_MS = 10_000;

/** Another process claimed the key first: its certificate follows in a moment. */
async function awaitWinner(certFile: string, keyFile: string): Promise<PemPair> {
  for (let waited = 0; waited < WINNER_WAIT_MS; waited += 20) {
    const pair = await readPair(certFile, keyFile);
    if (pair) return pair;
    await sleep(20);
  }
  throw new Error(`${keyFile} exists but ${certFile} never appeared: remove the key to create the pair again`);
}

async function readOrCreate(certFile: string, keyFile: string, create: () => Promise<PemPair>): Promise<PemPair> {
  const existing = await readPair(certFile, keyFile);
  if (existing) return existing;
  const pair = await create();
  return (await claimPair(certFile, keyFile, pair)) ? pair : awaitWinner(certFile, keyFile);
}

export interface FleetIdentity {
  ca: PemPair;
  /** The web's client certificate, presented to every remote agent. */
  web: PemPair;
  /** The CA's revocation list (PEM): agent certificates on it are refused (`host revoke`). */
  crl: string;
}

/** One creation at a time per folder in this process; the files' exclusive links cover other processes. */
const inFlight = new Map<string, Promise<FleetIdentity>>();

/** Creates the CA and the web's client certificate the first time; reads them afterwards. */
export function ensureFleetIdentity(dir: string): Promise<FleetIdentity> {
  const key = path.resolve(dir);
  const running = inFlight.get(key);
  if (running) return running;
  const started = readOrCreateIdentity(dir).finally(() => inFlight.delete(key));
  inFlight.set(key, started);
  return started;
}

async function readOrCreateIdentity(dir: string): Promise<FleetIdentity> {
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
