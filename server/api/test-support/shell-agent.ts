import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { agentConnection, type AgentConnection } from "@/server/agent-client/connection";
import { createRecordedFreebsdDriver, RECORDED_HOST_DIR } from "@/server/agent/drivers/freebsd";
import { createNodePtySpawner } from "@/server/agent/drivers/shared/pty";
import { createMethods } from "@/server/agent/methods";
import { listenOnSocket } from "@/server/agent/transport/server";
import { listenOnTls, type TlsListenOptions } from "@/server/agent/transport/tls";

export interface ShellAgent {
  conn: AgentConnection;
  /** The mutual-TLS port, when asked to listen there too. */
  tlsPort: number | null;
  close(): Promise<void>;
}

/**
 * A real agent (methods, transport, console sessions) serving the recorded FreeBSD host,
 * whose consoles run the test machine's /bin/sh in a real PTY: the relay is tested without
 * root or LXC. www1, db1 and dev1 run; old1 is stopped. With `tlsOptions` it also serves mutual TLS.
 */
export async function startShellAgent(
  consoleOptions = { idleMs: 60_000, scrollbackBytes: 256 * 1024 },
  tlsOptions?: TlsListenOptions,
): Promise<ShellAgent> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stockade-shell-agent-"));
  const socketPath = path.join(dir, "agent.sock");
  const spawn = createNodePtySpawner();
  const driver = createRecordedFreebsdDriver(RECORDED_HOST_DIR, {
    ptySpawner: (_file, _args, size) => spawn("/bin/sh", [], size, { TERM: "xterm-256color" }),
  });
  const log = pino({ level: "silent" });
  const methods = createMethods(driver, log, consoleOptions);
  const transport = await listenOnSocket(methods, { socketPath, socketGroup: null }, log);
  const tls = tlsOptions ? await listenOnTls(methods, tlsOptions, log) : null;
  return {
    conn: agentConnection(socketPath),
    tlsPort: tls?.port ?? null,
    async close() {
      await tls?.close();
      await transport.close();
      await methods.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
