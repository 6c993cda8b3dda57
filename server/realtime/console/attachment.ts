import type { Socket } from "socket.io";
import type { ConsoleStream, ConsoleStreamEnd } from "@/server/agent-client/console";
import type { HostPlace } from "@/server/api/host-place";
import type { AsciicastRecorder } from "@/server/console/recording";

export type ConsoleMode = "interactive" | "watch";

/**
 * Output a browser has not yet acknowledged (written into xterm.js) above which the agent is
 * told to stop reading the PTY, and below which it resumes: the flood waits, memory does not grow.
 * A browser that parses fast asks for a larger window (what it parses in ~100 ms), up to
 * UNACKED_MAX: with 512 KB in flight it waited on the acknowledgements' round trip most of the
 * time (a 64 MB cat took ~5× xterm.js's own parse), while a slow parse (a `yes` flood's short
 * lines) keeps the window small so Ctrl-C shows its prompt soon. The agent resumes once the
 * browser is UNACKED_GAP below the window.
 */
export const UNACKED_HIGH = 512 * 1024;
export const UNACKED_LOW = 128 * 1024;
export const UNACKED_MAX = 4 * 1024 * 1024;
const UNACKED_GAP = UNACKED_HIGH - UNACKED_LOW;

/** One browser socket attached to one console session, through its own agent stream. */
export class RelayAttachment {
  /** Output offset of the next byte this attachment forwards. */
  private offset: number;
  private unacked = 0;
  private high = UNACKED_HIGH;
  private paused = false;
  private batch: Buffer[] = [];
  private flushing = false;

  constructor(
    readonly socket: Socket,
    /** The host the session is on: its grants are re-checked there. */
    readonly place: HostPlace,
    readonly stream: ConsoleStream,
    readonly mode: ConsoleMode,
    readonly jail: string,
    private readonly recorder: () => AsciicastRecorder | undefined,
  ) {
    this.offset = stream.from;
  }

  get id(): string {
    return this.stream.session.id;
  }

  /** Starts forwarding; called after the attach was acknowledged, so the browser knows the id first. */
  start(onEnd: (end: ConsoleStreamEnd) => void): void {
    this.stream.onData((chunk) => this.queue(chunk));
    this.stream.onNotice((message) => this.socket.emit("console:notice", { id: this.id, message }));
    this.stream.onEnd((end) => {
      this.flush();
      onEnd(end);
    });
  }

  ack(bytes: number, window?: number): void {
    this.unacked = Math.max(0, this.unacked - bytes);
    if (window !== undefined) this.high = Math.min(UNACKED_MAX, Math.max(UNACKED_HIGH, window));
    if (this.paused && this.unacked < this.high - UNACKED_GAP) {
      this.paused = false;
      this.stream.resume();
    }
  }

  write(data: Uint8Array): void {
    this.stream.write(data);
    this.recorder()?.input(data);
  }

  resize(cols: number, rows: number): void {
    this.stream.resize(cols, rows);
    this.recorder()?.resize(cols, rows);
  }

  close(): void {
    this.stream.close();
  }

  /** Reads that arrive together go out as one binary socket.io message. */
  private queue(chunk: Buffer): void {
    this.batch.push(chunk);
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushing = false;
    if (!this.batch.length) return;
    const data = this.batch.length === 1 ? this.batch[0]! : Buffer.concat(this.batch);
    this.batch = [];
    this.recorder()?.output(this.offset, data);
    this.offset += data.length;
    this.unacked += data.length;
    this.socket.emit("console:data", this.id, data);
    if (!this.paused && this.unacked > this.high) {
      this.paused = true;
      this.stream.pause();
    }
  }
}
