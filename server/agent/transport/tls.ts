import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:https";
import type { Logger } from "pino";
import type { AgentMethods } from "../methods";
import { createRequestHandler } from "./http";
import { createUpgradeHandler } from "./streams";

export interface TlsListenOptions {
  host: string;
  port: number;
  certFile: string;
  keyFile: string;
  /** The Stockade CA: the only issuer whose client certificates are accepted. */
  caFile: string;
}

/**
 * The same HTTP + WebSocket protocol as the Unix socket, over TLS 1.3 with a client certificate
 * required: a peer without one signed by the Stockade CA never completes the handshake, so a
 * plain-TCP client gets no HTTP answer at all.
 */
export async function listenOnTls(
  methods: AgentMethods,
  options: TlsListenOptions,
  log: Logger,
): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const [cert, key, ca] = await Promise.all([options.certFile, options.keyFile, options.caFile].map((file) => readFile(file)));
  const server = createServer(
    { cert, key, ca, minVersion: "TLSv1.3", maxVersion: "TLSv1.3", requestCert: true, rejectUnauthorized: true },
    createRequestHandler(methods, log),
  );
  const upgrades = createUpgradeHandler(methods, log);
  server.on("upgrade", upgrades.handler);
  server.on("tlsClientError", (error, socket) => {
    log.warn({ remote: socket.remoteAddress, error: error.message }, "refused a TLS client");
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(options.port, options.host, resolve));
  const address = server.address();
  return {
    server,
    port: typeof address === "object" && address ? address.port : options.port,
    async close() {
      upgrades.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
