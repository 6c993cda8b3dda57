import WebSocket from "ws";
import type { AgentConnection } from "./connection";

/** ws speaks HTTP over a Unix socket through the ws+unix scheme: socket path, then ":" and the request path. */
export function openStream(conn: AgentConnection, path: string): WebSocket {
  return new WebSocket(`ws+unix://${conn.socketPath}:${path}`, { handshakeTimeout: conn.connectTimeoutMs });
}
