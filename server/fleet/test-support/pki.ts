import { mkdtemp, rm } from "node:fs/promises";
import { connect as netConnect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { connect as tlsConnect } from "node:tls";
import { agentTlsConnection, type AgentConnection } from "@/server/agent-client";
import { createCa, issueLeaf, type PemPair } from "../ca";
import { agentBundle, ensureFleetIdentity, fleetDir, type AgentBundle, type FleetIdentity } from "../store";

export interface TestPki {
  /** A web data folder; `dir` is its fleet folder, as `host add` and `host revoke` use it. */
  dataDir: string;
  dir: string;
  identity: FleetIdentity;
  /** A web client certificate from another CA, otherwise just like the real one. */
  forged: PemPair;
  bundle(name: string, host: string): Promise<AgentBundle>;
  cleanup(): Promise<void>;
}

export async function makeTestPki(): Promise<TestPki> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "stockade-pki-"));
  const dir = fleetDir(dataDir);
  const identity = await ensureFleetIdentity(dir);
  const forged = await issueLeaf(await createCa("Stockade CA"), { commonName: "stockade-web", usage: "client" });
  return {
    dataDir,
    dir,
    identity,
    forged,
    bundle: (name, host) => agentBundle(dir, identity.ca, name, host),
    cleanup: () => rm(dataDir, { recursive: true, force: true }),
  };
}

export interface TlsDial {
  /** The host name dialled: the agent's certificate must be issued to it. */
  name: string;
  host: string;
  port: number;
  fingerprint: string;
  /** The web's client certificate by default. */
  client?: PemPair;
  crl?: string | null;
}

export function tlsConn(pki: TestPki, dial: TlsDial): AgentConnection {
  const { client = pki.identity.web, ...target } = dial;
  return agentTlsConnection({ ...target, ca: pki.identity.ca.cert, cert: client.cert, key: client.key }, { connectTimeoutMs: 3000 });
}

/** Sends a plain-HTTP request to a TLS port and returns every byte that came back before it closed. */
export function plainHttpProbe(host: string, port: number, waitMs = 3000): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = netConnect(port, host, () => socket.write("POST /v1/host.info HTTP/1.1\r\nHost: agent\r\nContent-Length: 2\r\n\r\n{}"));
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString("latin1"));
    };
    const timer = setTimeout(finish, waitMs);
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("close", finish);
    socket.on("error", finish);
  });
}

/** Whether a TLS 1.2 client with a valid certificate completes a handshake (it must not). */
export function tls12Handshakes(identity: FleetIdentity, host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const { cert, key } = identity.web;
    const socket = tlsConnect({
      host,
      port,
      ca: identity.ca.cert,
      cert,
      key,
      maxVersion: "TLSv1.2",
      checkServerIdentity: () => undefined,
    });
    socket.once("secureConnect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
