import type WebSocket from "ws";
import { AgentError, agentStreamPaths, ptyServerFrameSchema, type PtyClientFrame } from "../agent/protocol";
import { unavailable, type AgentConnection } from "./connection";
import { openStream } from "./streams";

export interface PtyClientSession {
  readonly pid: number;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  onData(listener: (data: string) => void): () => void;
  onExit(listener: (exitCode: number | null) => void): () => void;
  close(): void;
}

export interface OpenPtyInput {
  jail: string;
  cols: number;
  rows: number;
}

/** Output that arrives before the first data listener is kept for it, so no prompt is lost. */
class Listeners {
  readonly data = new Set<(data: string) => void>();
  readonly exit = new Set<(code: number | null) => void>();
  private readonly pending: string[] = [];
  exitCode: number | null = null;

  push(data: string): void {
    if (this.data.size) this.data.forEach((l) => l(data));
    else this.pending.push(data);
  }

  addData(listener: (data: string) => void): () => void {
    this.data.add(listener);
    this.pending.splice(0).forEach(listener);
    return () => this.data.delete(listener);
  }
}

function session(ws: WebSocket, pid: number, listeners: Listeners): PtyClientSession {
  const send = (frame: PtyClientFrame) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(frame));
  return {
    pid,
    write: (data) => send({ type: "input", data }),
    resize: (cols, rows) => send({ type: "resize", cols, rows }),
    onData: (listener) => listeners.addData(listener),
    onExit(listener) {
      listeners.exit.add(listener);
      return () => listeners.exit.delete(listener);
    },
    close: () => ws.close(1000),
  };
}

/** Opens a shell inside a running jail; resolves once the agent says the PTY is open. */
export function openPtySession(conn: AgentConnection, input: OpenPtyInput): Promise<PtyClientSession> {
  return new Promise((resolve, reject) => {
    const ws = openStream(conn, agentStreamPaths.pty);
    const listeners = new Listeners();
    let opened = false;
    ws.on("open", () => ws.send(JSON.stringify({ type: "open", ...input } satisfies PtyClientFrame)));
    ws.on("message", (raw) => {
      const frame = ptyServerFrameSchema.safeParse(JSON.parse(String(raw)));
      if (!frame.success) return;
      const f = frame.data;
      if (f.type === "opened") {
        opened = true;
        resolve(session(ws, f.pid, listeners));
      } else if (f.type === "data") listeners.push(f.data);
      else if (f.type === "exit") listeners.exitCode = f.exitCode;
      else if (!opened) reject(new AgentError(f.code, f.message));
    });
    ws.on("error", (error) => {
      if (!opened) reject(unavailable(conn, error.message));
    });
    ws.on("close", () => {
      if (!opened) reject(unavailable(conn, "the PTY stream closed before it opened"));
      listeners.exit.forEach((l) => l(listeners.exitCode));
    });
  });
}
