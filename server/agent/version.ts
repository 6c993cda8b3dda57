/** Reported in host.info so the web can tell which agent it talks to. */
export const AGENT_VERSION = "0.1.0";
