import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { RECORDED_HOST_DIR } from "@/server/agent/drivers/freebsd";
import { startRecordedAgentAt } from "@/server/agent/test-support/recorded-agent-at";
import { webConfig } from "@/server/config";
import type { Db } from "@/server/db/types";
import { agentBundle, ensureFleetIdentity, fleetDir } from "../store";

const LOOPBACK = "127.0.0.1";

/** What a remote host's recording says differently from this machine's, so a test can tell whose data it got. */
export const REMOTE_MARKS = {
  /** A host process (outside any jail) only the remote host has. */
  hostCommand: "remotecron",
  /** The arguments of a www1 process only the remote host has. */
  www1Arguments: "nginx: worker process (remote)",
};

/** A copy of the shipped recording whose process table carries REMOTE_MARKS. */
async function markedRecording(dir: string): Promise<string> {
  const copy = path.join(dir, "recorded-host");
  await cp(RECORDED_HOST_DIR, copy, { recursive: true });
  const ps = path.join(copy, "outputs", "ps.json");
  const text = (await readFile(ps, "utf8"))
    .replace('"command":"cron","arguments":"/usr/sbin/cron -s"', `"command":"${REMOTE_MARKS.hostCommand}","arguments":"/usr/sbin/${REMOTE_MARKS.hostCommand}"`)
    .replace('"arguments":"nginx: worker process"', `"arguments":"${REMOTE_MARKS.www1Arguments}"`);
  if (!text.includes(REMOTE_MARKS.hostCommand) || !text.includes(REMOTE_MARKS.www1Arguments)) throw new Error("the recording changed: mark it anew");
  await writeFile(ps, text);
  return copy;
}

export interface RemoteHost {
  name: string;
  close(): Promise<void>;
}

/**
 * A real agent over mutual TLS on loopback, its certificate from the web's fleet CA (under
 * webConfig's data folder) and recorded in the Host table as `host add` records it. Its
 * recording is the shipped one with REMOTE_MARKS in the process table.
 */
export async function startRemoteHost(db: Db, name: string): Promise<RemoteHost> {
  const dir = await mkdtemp(path.join(tmpdir(), `${name}-`));
  const identity = await ensureFleetIdentity(fleetDir(webConfig().dataDir));
  const bundle = await agentBundle(dir, identity.ca, name, LOOPBACK);
  const agent = await startRecordedAgentAt(dir, {
    recordedDir: await markedRecording(dir),
    tls: {
      host: LOOPBACK,
      port: 0,
      certFile: path.join(bundle.dir, "agent.crt"),
      keyFile: path.join(bundle.dir, "agent.key"),
      caFile: path.join(bundle.dir, "ca.crt"),
    },
  });
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
