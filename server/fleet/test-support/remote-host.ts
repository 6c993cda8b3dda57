import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { RECORDED_HOST_DIR } from "@/server/agent/drivers/freebsd";
import type { AgentTlsConfig } from "@/server/agent/config";
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

/** An agent a test starts under its own folder, listening over mutual TLS with the files given. */
type AgentStarter<A> = (dir: string, tls: AgentTlsConfig) => Promise<A & { tlsPort: number | null; close(): Promise<void> }>;

/**
 * The agent `start` makes, over mutual TLS on loopback, its certificate from the web's fleet CA
 * (under webConfig's data folder) and recorded in the Host table as `host add` records it.
 */
export async function enrolRemoteAgent<A>(db: Db, name: string, start: AgentStarter<A>): Promise<RemoteHost & { agent: A }> {
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
  const agent = await start(dir, tls);
  const address = `${LOOPBACK}:${agent.tlsPort}`;
  await db.host.create({ data: { id: name, name, driver: "freebsd", address, fingerprint: bundle.fingerprint } });
  return {
    name,
    agent,
    async close() {
      await agent.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A remote agent (enrolRemoteAgent) serving the shipped recording with REMOTE_MARKS in the
 * process table; with `shellConsoles` the shell agent instead (unmarked), whose consoles run
 * /bin/sh in a real PTY.
 */
export function startRemoteHost(db: Db, name: string, { shellConsoles = false } = {}): Promise<RemoteHost> {
  return enrolRemoteAgent(db, name, async (dir, tls) =>
    shellConsoles ? startShellAgent(undefined, tls) : startRecordedAgentAt(dir, { recordedDir: await markedRecording(dir), tls }),
  );
}
