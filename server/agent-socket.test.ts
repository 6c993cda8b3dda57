import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { agentConnection } from "@/server/agent-client/connection";
import { loadConfig } from "@/server/agent/config";
import { parseWebConfig } from "@/server/config";

// A secret of its own: the web config would otherwise create one in the data folder.
const secret = { BETTER_AUTH_SECRET: "x".repeat(32) };
// The web config makes its data folder: give it a throwaway one.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "stockade-socket-"));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
const ENVIRONMENTS: Array<Record<string, string>> = [
  { ...secret, STOCKADE_DATA_DIR: dataDir },
  { ...secret, STOCKADE_AGENT_SOCKET: "/run/stockade/agent.sock" },
  { ...secret, STOCKADE_AGENT_SOCKET: "/run/stockade/agent.sock", STOCKADE_DATA_DIR: dataDir },
];

function withProcessEnv<T>(env: Record<string, string>, read: () => T): T {
  const saved = { STOCKADE_AGENT_SOCKET: process.env.STOCKADE_AGENT_SOCKET, STOCKADE_DATA_DIR: process.env.STOCKADE_DATA_DIR };
  delete process.env.STOCKADE_AGENT_SOCKET;
  delete process.env.STOCKADE_DATA_DIR;
  Object.assign(process.env, env);
  try {
    return read();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

describe("the agent socket's path", () => {
  it.each(ENVIRONMENTS)("is the same for the web and the agent from %j", (env) => {
    const agent = loadConfig(env, "linux").socketPath;
    const web = parseWebConfig(env).agentSocket;
    const client = withProcessEnv(env, () => agentConnection().socketPath);
    expect(web).toBe(agent);
    expect(client).toBe(agent);
  });

  it("lives in the data folder unless STOCKADE_AGENT_SOCKET says otherwise", () => {
    expect(loadConfig({ STOCKADE_DATA_DIR: dataDir }, "linux").socketPath).toBe(path.join(dataDir, "agent.sock"));
    expect(loadConfig({}, "linux").socketPath).toBe(path.resolve("data/agent.sock"));
    expect(withProcessEnv({}, () => agentConnection().socketPath)).toBe(path.resolve("data/agent.sock"));
    expect(parseWebConfig({ ...secret, STOCKADE_AGENT_SOCKET: "/run/s.sock", STOCKADE_DATA_DIR: dataDir }).agentSocket).toBe("/run/s.sock");
  });
});
