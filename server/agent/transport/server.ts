import { chmod, chown, mkdir, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { connect } from "node:net";
import path from "node:path";
import type { Logger } from "pino";
import type { AgentMethods } from "../methods";
import { createRequestHandler } from "./http";
import { createUpgradeHandler } from "./streams";

export interface SocketServerOptions {
  socketPath: string;
  /** Group allowed to connect (the web's); null keeps the agent's own group. */
  socketGroup: string | null;
}

async function gidOf(group: string): Promise<number> {
  if (/^\d+$/.test(group)) return Number(group);
  const line = (await readFile("/etc/group", "utf8")).split("\n").find((l) => l.split(":")[0] === group);
  const gid = line?.split(":")[2];
  if (gid === undefined) throw new Error(`STOCKADE_SOCKET_GROUP: no group named ${group} in /etc/group (groupadd ${group}, or give a gid)`);
  return Number(gid);
}

/** A socket file nobody answers on is left over from a killed agent; a live one means two agents. */
async function clearStaleSocket(socketPath: string): Promise<void> {
  const alive = await new Promise<boolean>((resolve) => {
    const probe = connect(socketPath);
    probe.once("connect", () => {
      probe.destroy();
      resolve(true);
    });
    probe.once("error", () => resolve(false));
  });
  if (alive) throw new Error(`Another agent is already listening on ${socketPath}`);
  await rm(socketPath, { force: true });
}

export async function listenOnSocket(
  methods: AgentMethods,
  options: SocketServerOptions,
  log: Logger,
): Promise<{ server: Server; close(): Promise<void> }> {
  await mkdir(path.dirname(options.socketPath), { recursive: true });
  await clearStaleSocket(options.socketPath);
  const server = createServer(createRequestHandler(methods, log));
  const upgrades = createUpgradeHandler(methods, log);
  server.on("upgrade", upgrades.handler);
  // Created 0600 first so there is no moment where others could connect.
  const previousMask = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen(options.socketPath, resolve));
  } finally {
    process.umask(previousMask);
  }
  if (options.socketGroup !== null) await chown(options.socketPath, process.getuid?.() ?? 0, await gidOf(options.socketGroup));
  await chmod(options.socketPath, 0o660);
  return {
    server,
    async close() {
      upgrades.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(options.socketPath, { force: true });
    },
  };
}
