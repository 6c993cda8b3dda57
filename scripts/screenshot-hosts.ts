import { execFile, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { connect } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { webEnv } from "../e2e/fixtures/web-server";
import type { Cleanup } from "./bench/harness";
import { freePort } from "./lib/free-port";
import { fleetDir } from "@/server/fleet/store";

const run = promisify(execFile);

/** The remote host the Hosts screenshot shows reachable, and the one whose address answers with its certificate. */
const REMOTE = "build2";
const IMPOSTOR = "build3";

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function waitListening(port: number, child: ChildProcess): Promise<void> {
  for (let waited = 0; waited < 30_000; waited += 200) {
    if (child.exitCode !== null) throw new Error(`the ${REMOTE} agent exited (${child.exitCode})`);
    if (await listening(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the ${REMOTE} agent did not listen on ${port} within 30 s`);
}

const hostCli = (dataDir: string, webPort: number, args: string[]) =>
  run(process.execPath, ["--import", "tsx", "scripts/stockade.ts", "host", ...args], { env: webEnv(dataDir, webPort) });

/** The recorded FreeBSD host served over mTLS on loopback from the bundle `host add` made for it. */
function startRemoteAgent(dataDir: string, port: number): ChildProcess {
  const bundle = path.join(fleetDir(dataDir), "hosts", REMOTE);
  const dir = path.join(dataDir, "remote");
  fs.mkdirSync(dir, { recursive: true });
  const log = fs.openSync(path.join(dir, "agent.log"), "a");
  return spawn(process.execPath, ["--enable-source-maps", ".build/agent.mjs"], {
    env: {
      ...process.env,
      STOCKADE_DRIVER: "freebsd",
      STOCKADE_SOCKET_GROUP: "",
      STOCKADE_DATA_DIR: path.join(dir, "web"),
      STOCKADE_AGENT_SOCKET: path.join(dir, "agent.sock"),
      STOCKADE_AGENT_STATE_DIR: path.join(dir, "state"),
      STOCKADE_AGENT_TLS_LISTEN: `127.0.0.1:${port}`,
      STOCKADE_AGENT_TLS_CERT: path.join(bundle, "agent.crt"),
      STOCKADE_AGENT_TLS_KEY: path.join(bundle, "agent.key"),
      STOCKADE_AGENT_TLS_CA: path.join(bundle, "ca.crt"),
      STOCKADE_AGENT_TLS_CRL: path.join(bundle, "crl.pem"),
      STOCKADE_LOG_LEVEL: "warn",
    },
    stdio: ["ignore", log, log],
  });
}

/**
 * Two recorded hosts for the Hosts page, as an operator adds them: build2, a second agent over
 * mTLS (reachable), and build3, recorded at build2's address, so the web sees build2's certificate
 * where build3's should be and shows it refused as impersonation.
 */
export async function enrolScreenshotHosts(cleanup: Cleanup, dataDir: string, webPort: number): Promise<void> {
  const port = await freePort();
  await hostCli(dataDir, webPort, ["add", REMOTE, `127.0.0.1:${port}`, "--yes"]);
  await cleanup.adopt(
    async () => {
      const child = startRemoteAgent(dataDir, port);
      await waitListening(port, child);
      return child;
    },
    async (child) => void child.kill("SIGTERM"),
  );
  await hostCli(dataDir, webPort, ["add", IMPOSTOR, `127.0.0.1:${port}`, "--yes"]);
}
