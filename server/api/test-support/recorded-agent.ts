import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { startRecordedAgentAt } from "@/server/agent/test-support/recorded-agent-at";

export interface RecordedAgent {
  socketPath: string;
  close(): Promise<void>;
}

/** A real agent on a temp socket serving the recorded FreeBSD host (www1, db1, dev1 running; old1 stopped). */
export async function startRecordedAgent(): Promise<RecordedAgent> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stockade-recorded-"));
  const socketPath = path.join(dir, "agent.sock");
  const agent = await startRecordedAgentAt(dir, { scrollbackBytes: 256 * 1024 });
  return {
    socketPath,
    async close() {
      await agent.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The recorded agent for the current file or describe block: started in beforeAll (before the
 * hooks registered after this call), closed in afterAll (after theirs). Returns its socket path.
 */
export function recordedAgentHooks(): () => string {
  let agent: RecordedAgent | undefined;
  beforeAll(async () => void (agent = await startRecordedAgent()));
  afterAll(async () => agent?.close());
  return () => {
    if (!agent) throw new Error("the recorded agent starts in beforeAll");
    return agent.socketPath;
  };
}
