import type { Logger } from "pino";
import type { RawData, WebSocket } from "ws";
import type { ConsoleAttachment, ConsoleSession } from "../console/session";
import type { ConsoleSessions } from "../console/sessions";
import { CONSOLE_INPUT_MAX_BYTES, ptyClientFrameSchema, type PtyClientFrame, type PtyServerFrame } from "../protocol";
import { errorBody } from "./errors";

/** Unsent output on one stream above which the PTY stops being read, and below which it resumes. */
const SOCKET_HIGH_WATER = 256 * 1024;
const SOCKET_LOW_WATER = 64 * 1024;
/**
 * Output in a stream goes out as frames of up to about 64 KB: a read that follows a frame sent
 * within STREAMING_MS waits up to COALESCE_MS for more, so a flood pays the per-frame costs here
 * and in the web once per 64 KB rather than once per 2-4 KB PTY read. Output after a quiet
 * moment (a keystroke's echo, a prompt) is sent at once.
 */
const FRAME_BYTES = 64 * 1024;
const STREAMING_MS = 5;
const COALESCE_MS = 2;

function parseControl(raw: RawData): PtyClientFrame | null {
  try {
    const parsed = ptyClientFrameSchema.safeParse(JSON.parse(String(raw)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** One stream's side of a session: binary output frames, paused by its client or by its own full socket. */
class StreamAttachment implements ConsoleAttachment {
  session: ConsoleSession | null = null;
  clientPaused = false;
  private unsent = 0;
  private socketFull = false;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private timer: NodeJS.Timeout | null = null;
  private lastSent = -Infinity;

  constructor(private readonly ws: WebSocket) {}

  get paused(): boolean {
    return this.clientPaused || this.socketFull;
  }

  data(chunk: Buffer): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    this.unsent += chunk.length;
    if (this.pendingBytes >= FRAME_BYTES || performance.now() - this.lastSent > STREAMING_MS) this.sendPending();
    else this.timer ??= setTimeout(() => this.sendPending(), COALESCE_MS);
    if (!this.socketFull && this.unsent > SOCKET_HIGH_WATER) this.setSocketFull(true);
  }

  /** Control frames (exit, ended) come after the output before them. */
  control(frame: PtyServerFrame): void {
    this.sendPending();
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(frame));
  }

  close(): void {
    this.sendPending();
    this.session = null;
    this.ws.close(1000);
  }

  private sendPending(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.pending.length || this.ws.readyState !== this.ws.OPEN) return;
    this.lastSent = performance.now();
    const frame = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    this.ws.send(frame, { binary: true }, () => {
      this.unsent -= frame.length;
      if (this.socketFull && this.unsent < SOCKET_LOW_WATER) this.setSocketFull(false);
    });
  }

  private setSocketFull(full: boolean): void {
    this.socketFull = full;
    this.session?.refreshFlow();
  }
}

async function start(attachment: StreamAttachment, sessions: ConsoleSessions, frame: PtyClientFrame): Promise<void> {
  try {
    if (frame.type === "open") {
      attachment.session = await sessions.open(frame.jail, { cols: frame.cols, rows: frame.rows });
      attachment.session.attach(attachment);
    } else if (frame.type === "attach") {
      attachment.session = sessions.get(frame.id);
      attachment.session.attach(attachment, frame.since);
    }
  } catch (error) {
    attachment.control({ type: "error", ...pick(error) });
    attachment.close();
  }
}

const pick = (error: unknown) => {
  const { body } = errorBody(error);
  return { code: body.code, message: body.message };
};

function handleInput(attachment: StreamAttachment, data: Buffer): void {
  if (data.length > CONSOLE_INPUT_MAX_BYTES) {
    attachment.control({
      type: "error",
      code: "invalid_input",
      message: `Input frame of ${data.length} bytes refused: at most ${CONSOLE_INPUT_MAX_BYTES}`,
    });
  } else attachment.session?.write(data);
}

/**
 * A console stream: "open" (a new session) or "attach" (an existing one) first, then
 * binary input, resize and pause/resume. Closing the stream detaches; the session lives on.
 */
export function serveConsole(ws: WebSocket, sessions: ConsoleSessions, log: Logger): void {
  const attachment = new StreamAttachment(ws);
  let started = false;
  ws.on("message", (raw, isBinary) => {
    if (isBinary) return handleInput(attachment, Buffer.isBuffer(raw) ? raw : Buffer.concat(raw as Buffer[]));
    const frame = parseControl(raw);
    if (frame === null) {
      return attachment.control({
        type: "error",
        code: "invalid_input",
        message: "Bad console frame: expected open, attach, resize, pause or resume",
      });
    }
    if (frame.type === "open" || frame.type === "attach") {
      if (started) return;
      started = true;
      return void start(attachment, sessions, frame).then(() => {
        const session = attachment.session;
        if (session) log.info({ jail: session.jail, id: session.id, pid: session.info().pid, op: frame.type }, "console attached");
        if (ws.readyState !== ws.OPEN && session) session.detach(attachment);
      });
    }
    if (frame.type === "resize") attachment.session?.resize({ cols: frame.cols, rows: frame.rows });
    else {
      attachment.clientPaused = frame.type === "pause";
      attachment.session?.refreshFlow();
    }
  });
  ws.on("close", () => attachment.session?.detach(attachment));
}
