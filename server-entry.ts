/**
 * The one web process: Next.js pages, tRPC and better-auth routes, and socket.io on a
 * single HTTP server. Migrations are applied before the first request is served.
 */
import http from "node:http";
import os from "node:os";
import next from "next";
import { CLIENT_IP_HEADER } from "./server/auth/auth";
import { bootstrapFirstAdmin, ensureBaseRows } from "./server/auth/users";
import { LOCAL_HOST_ID } from "./server/hosts";
import { ConfigError, webConfig } from "./server/config";
import { applyMigrations } from "./server/db/migrate";
import { secureDataDir } from "./server/db/data-dir";
import { clientAddress } from "./server/http/client-address";
import { newNonce, securityHeaders } from "./server/http/security-headers";
import { resolveDatasource, sqliteFilePath } from "./prisma/datasource";
import { agentConnection } from "./server/agent-client/connection";
import { registerJailEvents } from "./server/realtime/jail-events";
import { writeAudit } from "./server/api/audit";
import { keepRecordingsWithin, recordingsDir } from "./server/console/recordings";
import { registerConsoleEvents } from "./server/realtime/console/console-events";
import { registerLiveEvents } from "./server/realtime/live-events";
import { attachSocketServer, refreshCaller, refreshUserSockets } from "./server/realtime/socket-server";
import { startWebTier } from "./server/fleet/web-tier";
import { db } from "./server/db/prisma";
import { startUsageSampler } from "./server/usage/sampler";
import { monitorSaysReachable, sampledHosts } from "./server/usage/sampled-hosts";
import { hostPlaces, localPlace } from "./server/api/host-place";
import { startAuditRetention } from "./server/audit/retention";
import { auditSpoolDir, drainAuditSpoolInBackground } from "./server/audit/spool";
import { startHostMonitor } from "./server/fleet/monitor";
import { ensureFleetIdentity, fleetDir } from "./server/fleet/store";

async function main() {
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  const config = webConfig();
  const datasource = resolveDatasource(config.databaseUrl);
  secureDataDir(config.dataDir, datasource.provider === "sqlite" ? sqliteFilePath(datasource.url) : null);
  await applyMigrations(config.databaseUrl);
  await ensureBaseRows(os.hostname(), process.platform === "freebsd" ? "freebsd" : "linux");
  await bootstrapFirstAdmin((line) => console.log(line));
  // Audit events kept on disk while the database was unreachable (this process's last run) are written first.
  await drainAuditSpoolInBackground(db(), auditSpoolDir(config.dataDir));

  const app = next({ dev: !config.production, hostname: config.host, port: config.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer((request, response) => {
    // Rate limiting keys on the TCP peer (or what a trusted proxy says); a client-sent value must never count.
    request.headers[CLIENT_IP_HEADER] = clientAddress(
      request.socket.remoteAddress,
      request.headers["x-forwarded-for"],
      config.trustedProxies,
    );
    // Next.js reads the nonce from the request's CSP header and puts it on the scripts it renders.
    const headers = securityHeaders(newNonce(), !config.production);
    request.headers["content-security-policy"] = headers["Content-Security-Policy"];
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    void handle(request, response);
  });
  const agent = agentConnection(config.agentSocket);
  const identity = () => ensureFleetIdentity(fleetDir(config.dataDir));
  const remoteHosts = hostPlaces(db(), localPlace(agent), identity);
  const io = attachSocketServer(server, config.origin);
  const feed = registerLiveEvents(io, agent, undefined, remoteHosts);
  const jailEvents = registerJailEvents(io, agent, remoteHosts);
  const recordings = recordingsDir(config.dataDir);
  const consoles = registerConsoleEvents(
    io,
    agent,
    {
      recordingsDir: recordings,
      maxRecordingBytes: config.recordingMaxBytes,
      audit: (entry) => void writeAudit(db(), entry).catch((error: unknown) => console.error("audit write failed", error)),
      refresh: refreshCaller,
    },
    remoteHosts,
  );
  const retention = keepRecordingsWithin(recordings, config.recordingDays, (removed) =>
    console.log(`Removed ${removed} console recording(s) older than ${config.recordingDays} days`),
  );
  const hosts = startHostMonitor({
    listHosts: () => db().host.findMany({ orderBy: { name: "asc" } }),
    local: agent,
    identity,
    audit: (entry) => void writeAudit(db(), entry).catch((error: unknown) => console.error("audit write failed", error)),
  });
  // One sampler fleet-wide (the lease): it samples this machine and every enrolled host the monitor does not see away.
  const sampled = sampledHosts({ db: db(), local: agent, identity, reachable: monitorSaysReachable(() => hosts.states()) });
  const webTier = startWebTier({
    io,
    redisUrl: config.redisUrl,
    hostId: LOCAL_HOST_ID,
    leaseMs: config.samplerLeaseMs,
    startSampler: () => startUsageSampler({ db: db(), hosts: sampled, intervalSeconds: config.sampleSeconds }),
    refreshUser: (userId) => refreshUserSockets(io, userId),
  });
  const stopAuditRetention = startAuditRetention(db(), config.auditRetentionDays, (line) => console.log(line));
  server.listen(config.port, config.host, () => console.log(`Stockade is listening on ${config.origin}`));
  const stop = () => {
    feed.stop();
    jailEvents.stop();
    consoles.close();
    retention.stop();
    stopAuditRetention();
    hosts.stop();
    // The sampler's lease is given back first, so another web process samples without waiting for it to lapse.
    // io.close also closes the HTTP server; open websockets must not keep the process up.
    void webTier.stop().finally(() => io.close(() => process.exit(0)));
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
