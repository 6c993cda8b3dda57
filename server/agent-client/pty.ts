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

/**
 * Opens a shell inside a running jail. Resolves once the agent says the PTY is open; attach
 * data listeners right away (output produced before that is buffered until the first one).
 */
export function openPtySession(conn: AgentConnection, input: OpenPtyInput): Promise<PtyClientSession> {
  return new Promise((resolve, reject) => {
    const ws = openStream(conn, agentStreamPaths.pty);
    const dataListeners = new Set<(data: string) => void>();
    const exitListeners = new Set<(code: number | null) => void>();
    const pending: string[] = [];
    let opened = false;
    let exitCode: number | null = null;
    const send = (frame: PtyClientFrame) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(frame));
    const session = (pid: number): PtyClientSession => ({
      pid,
      write: (data) => send({ type: "input", data }),
      resize: (cols, rows) => send({ type: "resize", cols, rows }),
      onData(listener) {
        dataListeners.add(listener);
        pending.splice(0).forEach(listener);
        return () => dataListeners.delete(listener);
      },
      onExit(listener) {
        exitListeners.add(listener);
        return () => exitListeners.delete(listener);
      },
      close: () => ws.close(1000),
    });
    ws.on("open", () => send({ type: "open", ...input }));
    ws.on("message", (raw) => {
      const frame = ptyServerFrameSchema.safeParse(JSON.parse(String(raw)));
      if (!frame.success) return;
      const f = frame.data;
      if (f.type === "opened") {
        opened = true;
        resolve(session(f.pid));
      } else if (f.type === "data") {
        if (dataListeners.size) dataListeners.forEach((l) => l(f.data));
        else pending.push(f.data);
      } else if (f.type === "exit") exitCode = f.exitCode;
      else if (!opened) reject(new AgentError(f.code, f.message));
    });
    ws.on("error", (error) => {
      if (!opened) reject(unavailable(conn, error.message));
    });
    ws.on("close", () => {
      if (!opened) reject(unavailable(conn, "the PTY stream closed before it opened"));
      exitListeners.forEach((l) => l(exitCode));
    });
  });
}
