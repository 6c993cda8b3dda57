import type WebSocket from "ws";
import type { RawData } from "ws";
import {
  AgentError,
  agentStreamPaths,
  ptyServerFrameSchema,
  type ConsoleSession,
  type PtyClientFrame,
  type PtyServerFrame,
} from "../agent/protocol";
import { connectionError, unavailable, type AgentConnection } from "./connection";
import { openStream } from "./streams";

/** Open a new session in a jail, or attach to one by id (replaying the scrollback from `since`). */
export type ConsoleTarget = { jail: string; cols: number; rows: number } | { id: string; since?: number };

/** Why a console stream ended: the shell exited, the session was ended, or the agent went away. */
export type ConsoleStreamEnd =
  | { kind: "exit"; exitCode: number | null }
  | { kind: "ended"; reason: "idle" | "ended" | "agent_stopping" }
  | { kind: "lost"; message: string };

export interface ConsoleStream {
  readonly session: ConsoleSession;
  /** Output offset of the first byte onData delivers. */
  readonly from: number;
  write(data: Uint8Array): void;
  resize(cols: number, rows: number): void;
  pause(): void;
  resume(): void;
  onData(listener: (chunk: Buffer) => void): () => void;
  onEnd(listener: (end: ConsoleStreamEnd) => void): () => void;
  /** Refusals that leave the session running (an oversized input frame). */
  onNotice(listener: (message: string) => void): () => void;
  /** Detaches: the session lives on in the agent. */
  close(): void;
}

/** Output and the end that arrive before their listeners are kept for them, so no prompt is lost. */
class StreamState {
  readonly data = new Set<(chunk: Buffer) => void>();
  readonly end = new Set<(end: ConsoleStreamEnd) => void>();
  readonly notice = new Set<(message: string) => void>();
  pending: Buffer[] = [];
  ended: ConsoleStreamEnd | null = null;

  push(chunk: Buffer): void {
    if (this.data.size) this.data.forEach((l) => l(chunk));
    else this.pending.push(chunk);
  }

  finish(end: ConsoleStreamEnd): void {
    if (this.ended) return;
    this.ended = end;
    this.end.forEach((l) => l(end));
  }
}

const toBuffer = (raw: RawData): Buffer => (Buffer.isBuffer(raw) ? raw : Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw));

function stream(ws: WebSocket, attached: PtyServerFrame & { type: "attached" }, state: StreamState): ConsoleStream {
  const send = (frame: PtyClientFrame) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(frame));
  const listen = <T>(set: Set<T>, listener: T) => (set.add(listener), () => void set.delete(listener));
  return {
    session: attached.session,
    from: attached.from,
    write: (data) => ws.readyState === ws.OPEN && ws.send(data, { binary: true }),
    resize: (cols, rows) => send({ type: "resize", cols, rows }),
    pause: () => send({ type: "pause" }),
    resume: () => send({ type: "resume" }),
    onData(listener) {
      const off = listen(state.data, listener);
      state.pending.splice(0).forEach(listener);
      return off;
    },
    onEnd(listener) {
      if (state.ended) listener(state.ended);
      return listen(state.end, listener);
    },
    onNotice: (listener) => listen(state.notice, listener),
    close: () => ws.close(1000),
  };
}

function control(raw: RawData): PtyServerFrame | null {
  try {
    const parsed = ptyServerFrameSchema.safeParse(JSON.parse(toBuffer(raw).toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Opens or attaches to a console session; resolves once the agent says it is attached. */
export function openConsole(conn: AgentConnection, target: ConsoleTarget): Promise<ConsoleStream> {
  return new Promise((resolve, reject) => {
    const ws = openStream(conn, agentStreamPaths.pty);
    const state = new StreamState();
    let attached = false;
    ws.on("open", () => ws.send(JSON.stringify("jail" in target ? { type: "open", ...target } : { type: "attach", ...target })));
    ws.on("message", (raw, isBinary) => {
      if (isBinary) return state.push(toBuffer(raw));
      const frame = control(raw);
      if (frame?.type === "attached") {
        attached = true;
        resolve(stream(ws, frame, state));
      } else if (frame?.type === "exit") state.finish({ kind: "exit", exitCode: frame.exitCode });
      else if (frame?.type === "ended") state.finish({ kind: "ended", reason: frame.reason });
      else if (frame?.type === "error" && !attached) {
        reject(new AgentError(frame.code, frame.message));
        ws.close(1000);
      } else if (frame?.type === "error") state.notice.forEach((l) => l(frame.message));
    });
    ws.on("error", (error) => {
      if (!attached) reject(connectionError(conn, error));
    });
    ws.on("close", () => {
      if (!attached) reject(unavailable(conn, "the console stream closed before it attached"));
      state.finish({ kind: "lost", message: "The connection to the agent was lost (agent restarted?)" });
    });
  });
}
