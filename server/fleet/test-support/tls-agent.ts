import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import pino from "pino";
import { startAgent, type RunningAgent } from "@/server/agent/agent";
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
  return startAgent({
    config: {
      socketPath: path.join(files.dir, "agent.sock"),
      tls: { host: "127.0.0.1", port: 0, certFile, keyFile, caFile, crlFile: files.crl ?? null },
      webDataDir: path.join(files.dir, "web"),
      stateDir: path.join(files.dir, "state"),
      shareDir: path.join(files.dir, "shares"),
      lxcPath: path.join(files.dir, "lxc"),
      bridge: "stkrec0",
      pool: "10.251.0.0/24",
      templateDir: path.join(files.dir, "templates"),
      socketGroup: null,
      driver: "freebsd",
      freebsdRecordedDir: null,
      console: { idleMs: 60_000, scrollbackBytes: 64 * 1024 },
      logLevel: "silent",
    },
    log: pino({ level: "silent" }),
  });
}
