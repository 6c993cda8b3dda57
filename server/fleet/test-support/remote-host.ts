import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { RECORDED_HOST_DIR } from "@/server/agent/drivers/freebsd";
import { startRecordedAgentAt } from "@/server/agent/test-support/recorded-agent-at";
import { startShellAgent } from "@/server/api/test-support/shell-agent";
import { webConfig } from "@/server/config";
import type { Db } from "@/server/db/types";
import { agentBundle, ensureFleetIdentity, fleetDir } from "../store";
import { markRecordedHost } from "./marked-recording";

export { REMOTE_MARKS } from "./marked-recording";

const LOOPBACK = "127.0.0.1";

/** A copy of the shipped recording whose process table carries REMOTE_MARKS. */
async function markedRecording(dir: string): Promise<string> {
  const copy = path.join(dir, "recorded-host");
  await cp(RECORDED_HOST_DIR, copy, { recursive: true });
  markRecordedHost(copy);
  return copy;
}

export interface RemoteHost {
  name: string;
  close(): Promise<void>;
}

/**
 * A real agent over mutual TLS on loopback, its certificate from the web's fleet CA (under
 * webConfig's data folder) and recorded in the Host table as `host add` records it. Its
 * recording is the shipped one with REMOTE_MARKS in the process table; with `shellConsoles`
 * it is the shell agent instead (unmarked), whose consoles run /bin/sh in a real PTY.
 */
export async function startRemoteHost(db: Db, name: string, { shellConsoles = false } = {}): Promise<RemoteHost> {
  const dir = await mkdtemp(path.join(tmpdir(), `${name}-`));
  const identity = await ensureFleetIdentity(fleetDir(webConfig().dataDir));
  const bundle = await agentBundle(dir, identity.ca, name, LOOPBACK);
  const tls = {
    host: LOOPBACK,
    port: 0,
    certFile: path.join(bundle.dir, "agent.crt"),
    keyFile: path.join(bundle.dir, "agent.key"),
    caFile: path.join(bundle.dir, "ca.crt"),
  };
  const agent = shellConsoles
    ? await startShellAgent(undefined, tls)
    : await startRecordedAgentAt(dir, { recordedDir: await markedRecording(dir), tls });
  const address = `${LOOPBACK}:${agent.tlsPort}`;
  await db.host.create({ data: { id: name, name, driver: "freebsd", address, fingerprint: bundle.fingerprint } });
  return {
    name,
    async close() {
      await agent.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
