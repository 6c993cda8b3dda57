import path from "node:path";

/**
 * The one default for the agent's socket, read by the agent (to listen) and the web (to
 * connect): STOCKADE_AGENT_SOCKET, else agent.sock in STOCKADE_DATA_DIR (./data). Not in the
 * protocol index: that stays free of Node modules for the browser's type imports.
 */
export function agentSocketPath(env: Record<string, string | undefined> = process.env): string {
  const explicit = env.STOCKADE_AGENT_SOCKET || undefined;
  // turbopackIgnore: the socket is chosen at run time, not part of the build.
  return path.resolve(/*turbopackIgnore: true*/ explicit ?? path.join(env.STOCKADE_DATA_DIR || "./data", "agent.sock"));
}
