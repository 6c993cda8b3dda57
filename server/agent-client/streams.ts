import WebSocket from "ws";
import type { AgentConnection } from "./connection";
import { tlsAddress, tlsRequestOptions } from "./tls";

/** ws speaks HTTP over a Unix socket through the ws+unix scheme: socket path, then ":" and the request path. */
export function openStream(conn: AgentConnection, path: string): WebSocket {
  if (conn.tls) {
    const { agent: _none, ...tls } = tlsRequestOptions(conn.tls);
    return new WebSocket(`wss://${tlsAddress(conn.tls)}${path}`, { ...tls, handshakeTimeout: conn.connectTimeoutMs });
  }
  return new WebSocket(`ws+unix://${conn.socketPath}:${path}`, { handshakeTimeout: conn.connectTimeoutMs });
}
