import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Logger } from "pino";
import { WebSocketServer, type WebSocket } from "ws";
import type { PtySession } from "../drivers/driver";
import type { AgentMethods } from "../methods";
import { agentStreamPaths, ptyClientFrameSchema, type PtyClientFrame, type PtyServerFrame } from "../protocol";
import { errorBody } from "./errors";

const sendFrame = (ws: WebSocket, frame: PtyServerFrame) => {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
};

function parseFrame(raw: unknown): PtyClientFrame | null {
  try {
    const parsed = ptyClientFrameSchema.safeParse(JSON.parse(String(raw)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function serveEvents(ws: WebSocket, methods: AgentMethods): void {
  const unsubscribe = methods.events.subscribe((event) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(event));
  });
  ws.on("close", unsubscribe);
}

async function openSession(ws: WebSocket, methods: AgentMethods, frame: PtyClientFrame & { type: "open" }): Promise<PtySession | null> {
  try {
    const session = await methods.openPty(frame.jail, { cols: frame.cols, rows: frame.rows });
    session.onData((data) => sendFrame(ws, { type: "data", data }));
    session.onExit((exitCode) => {
      sendFrame(ws, { type: "exit", exitCode });
      ws.close(1000);
    });
    return session;
  } catch (error) {
    const { body } = errorBody(error);
    sendFrame(ws, { type: "error", code: body.code, message: body.message });
    ws.close(1000);
    return null;
  }
}

/** One PTY per connection: "open" first, then input and resize; closing the socket hangs up. */
function servePty(ws: WebSocket, methods: AgentMethods, log: Logger): void {
  let session: PtySession | null = null;
  let opening = false;
  ws.on("message", async (raw) => {
    const frame = parseFrame(raw);
    if (frame === null) {
      sendFrame(ws, { type: "error", code: "invalid_input", message: "Bad PTY frame: expected open, input or resize" });
      return;
    }
    if (frame.type === "open" && !session && !opening) {
      opening = true;
      session = await openSession(ws, methods, frame);
      if (!session) return;
      // Only now: the client writes as soon as it hears "opened", and those frames need a session.
      sendFrame(ws, { type: "opened", pid: session.pid });
      log.info({ jail: frame.jail, pid: session.pid }, "pty session");
      if (ws.readyState !== ws.OPEN) session.close();
    } else if (frame.type === "input") session?.write(frame.data);
    else if (frame.type === "resize") session?.resize({ cols: frame.cols, rows: frame.rows });
  });
  ws.on("close", () => session?.close());
}

export function createUpgradeHandler(methods: AgentMethods, log: Logger) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });
  const handler = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = new URL(req.url ?? "/", "http://agent").pathname;
    if (pathname !== agentStreamPaths.events && pathname !== agentStreamPaths.pty) {
      socket.end("HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (pathname === agentStreamPaths.events) serveEvents(ws, methods);
      else servePty(ws, methods, log);
    });
  };
  return { handler, close: () => wss.clients.forEach((c) => c.terminate()) };
}
