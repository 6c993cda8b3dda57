import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Logger } from "pino";
import { WebSocketServer, type WebSocket } from "ws";
import type { AgentMethods } from "../methods";
import { agentStreamPaths } from "../protocol";
import { serveConsole } from "./console-stream";

function serveEvents(ws: WebSocket, methods: AgentMethods): void {
  const unsubscribe = methods.events.subscribe((event) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(event));
  });
  ws.on("close", unsubscribe);
}

/** Keepalive: a peer that stops answering pings is dropped, which detaches its consoles. */
const PING_MS = 15_000;

function keepAlive(wss: WebSocketServer): NodeJS.Timeout {
  const alive = new WeakSet<WebSocket>();
  wss.on("connection", (ws) => {
    alive.add(ws);
    ws.on("pong", () => alive.add(ws));
  });
  const timer = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) ws.terminate();
      alive.delete(ws);
      ws.ping();
    }
  }, PING_MS);
  timer.unref();
  return timer;
}

export function createUpgradeHandler(methods: AgentMethods, log: Logger) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });
  const timer = keepAlive(wss);
  const handler = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = new URL(req.url ?? "/", "http://agent").pathname;
    if (pathname !== agentStreamPaths.events && pathname !== agentStreamPaths.pty) {
      socket.end("HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      wss.emit("connection", ws, req);
      if (pathname === agentStreamPaths.events) serveEvents(ws, methods);
      else serveConsole(ws, methods.consoles, log);
    });
  };
  return {
    handler,
    close: () => {
      clearInterval(timer);
      wss.clients.forEach((c) => c.terminate());
    },
  };
}
