import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { RunningAgent } from "@/server/agent/agent";
import { startRecordedAgentAt } from "@/server/agent/test-support/recorded-agent-at";
import type { PemPair } from "../ca";

export interface TlsAgentFiles {
  /** Folder for the agent's own state and socket. */
  dir: string;
  /** Its server certificate and key, and the CA it trusts for clients. */
  server: PemPair;
  caCert: string;
  /** The CRL file it watches (a host bundle's crl.pem), or none. */
  crl?: string;
}

/** A real agent serving the recorded FreeBSD host over mTLS on a loopback port chosen by the kernel. */
export async function startTlsAgent(files: TlsAgentFiles): Promise<RunningAgent> {
  await mkdir(files.dir, { recursive: true });
  const [certFile, keyFile, caFile] = ["agent.crt", "agent.key", "ca.crt"].map((name) => path.join(files.dir, name)) as [
    string,
    string,
    string,
  ];
  await Promise.all([writeFile(certFile, files.server.cert), writeFile(keyFile, files.server.key), writeFile(caFile, files.caCert)]);
  return startRecordedAgentAt(files.dir, { tls: { host: "127.0.0.1", port: 0, certFile, keyFile, caFile, crlFile: files.crl ?? null } });
}
