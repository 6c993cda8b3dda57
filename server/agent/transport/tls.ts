import { readFile } from "node:fs/promises";
import { unwatchFile, watchFile } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer, type SecureContextOptions, type Server, type TLSSocket } from "node:tls";
import type { Logger } from "pino";
import type { AgentMethods } from "../methods";
import { clientRefusalKindOf, clientRefusalLine } from "../protocol";
import { createRequestHandler } from "./http";
import { createUpgradeHandler } from "./streams";

export interface TlsListenOptions {
  host: string;
  port: number;
  certFile: string;
  keyFile: string;
  /** The Stockade CA: the only issuer whose client certificates are accepted. */
  caFile: string;
  /** The CA's revocation list: a client certificate on it is refused. Re-read when it changes. */
  crlFile?: string | null;
}

/** How often the CRL file's mtime is looked at: a revocation copied to the host takes effect within this. */
export const CRL_CHECK_MS = 1000;

async function secureContext(options: TlsListenOptions): Promise<SecureContextOptions> {
  const [cert, key, ca] = await Promise.all([options.certFile, options.keyFile, options.caFile].map((file) => readFile(file)));
  const crl = options.crlFile ? await readFile(options.crlFile) : undefined;
  // TLS 1.3 only is part of the context, so a CRL re-read (setSecureContext) cannot lose it.
  return { cert, key, ca, ...(crl ? { crl } : {}), minVersion: "TLSv1.3", maxVersion: "TLSv1.3" };
}

/**
 * Re-reads the CRL when its file changes and swaps it into the server: new handshakes use it,
 * established connections keep theirs. A file that cannot be read or parsed keeps the previous
 * list (logged), so a half-copied CRL never opens the door wider.
 */
function watchCrl(server: Server, options: TlsListenOptions, log: Logger): () => void {
  const file = options.crlFile;
  if (!file) return () => undefined;
  const reload = () => {
    secureContext(options)
      .then((context) => {
        server.setSecureContext(context);
        log.info({ crl: file }, "revocation list re-read");
      })
      .catch((error: Error) => log.error({ crl: file, error: error.message }, "revocation list unreadable; keeping the previous one"));
  };
  watchFile(file, { interval: CRL_CHECK_MS }, (now, before) => {
    if (now.mtimeMs !== before.mtimeMs || now.ino !== before.ino) reload();
  });
  return () => unwatchFile(file);
}

/** How long a refused peer's bytes are drained so that closing does not reset the refusal line away. */
const REFUSAL_LINGER_MS = 2000;

/**
 * A client certificate the CA did not issue, or revoked, or expired: the peer is told why in one
 * line and the socket is closed; nothing it sent is read (so no HTTP answer and no method run).
 * Node's server would otherwise close without a TLS alert, which the web can only call a hang-up.
 */
function refuseClient(socket: TLSSocket, log: Logger): void {
  const kind = clientRefusalKindOf(String(socket.authorizationError ?? ""), Boolean(socket.getPeerCertificate()?.raw));
  log.warn({ remote: socket.remoteAddress, error: socket.authorizationError, kind }, "refused a client certificate");
  socket.on("data", () => undefined);
  socket.on("error", () => undefined);
  socket.end(clientRefusalLine(kind));
  setTimeout(() => socket.destroy(), REFUSAL_LINGER_MS).unref();
}

/**
 * The same HTTP + WebSocket protocol as the Unix socket, over TLS 1.3 with a client certificate
 * required: a peer without one signed by the Stockade CA (and not on its revocation list) gets a
 * one-line refusal and never reaches HTTP, so a plain-TCP client gets no HTTP answer at all.
 * The certificate is checked here rather than by `rejectUnauthorized`, which would close silently.
 */
export async function listenOnTls(
  methods: AgentMethods,
  options: TlsListenOptions,
  log: Logger,
): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const http = createHttpServer(createRequestHandler(methods, log));
  const upgrades = createUpgradeHandler(methods, log);
  http.on("upgrade", upgrades.handler);
  const server = createServer({ ...(await secureContext(options)), requestCert: true, rejectUnauthorized: false }, (socket) => {
    if (socket.authorized) http.emit("connection", socket);
    else refuseClient(socket, log);
  });
  server.on("tlsClientError", (error, socket) => {
    log.warn({ remote: socket.remoteAddress, error: error.message }, "refused a TLS client");
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(options.port, options.host, resolve));
  const stopWatching = watchCrl(server, options, log);
  const address = server.address();
  return {
    server,
    port: typeof address === "object" && address ? address.port : options.port,
    async close() {
      stopWatching();
      upgrades.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
