import type { PtySession, PtySize } from "../drivers/driver";
import type { ConsoleSession as ConsoleSessionInfo, PtyServerFrame } from "../protocol";
import { Scrollback } from "./scrollback";

/** One stream attached to a session (a browser tab, a watcher, a recorder). */
export interface ConsoleAttachment {
  /** Output bytes, contiguous from the offset announced in "attached". */
  data(chunk: Buffer): void;
  control(frame: PtyServerFrame): void;
  /** True while this stream cannot take more output (its client asked, or its socket is full). */
  readonly paused: boolean;
  /** The session is over: close the stream. */
  close(): void;
}

export interface ConsoleSessionOptions {
  id: string;
  jail: string;
  size: PtySize;
  scrollbackBytes: number;
  /** A session nobody is attached to ends after this long. */
  idleMs: number;
  onEnd: (session: ConsoleSession) => void;
}

/**
 * A shell inside a jail that outlives its viewers: output goes to a bounded scrollback and
 * every attached stream; reading the PTY pauses while any stream is paused, so a flood
 * waits for the slowest reader instead of growing memory.
 */
export class ConsoleSession {
  readonly id: string;
  readonly jail: string;
  readonly startedAt = Date.now();
  private size: PtySize;
  private readonly scrollback: Scrollback;
  private readonly attachments = new Set<ConsoleAttachment>();
  private idleTimer: NodeJS.Timeout | null = null;
  private ptyPaused = false;
  private over = false;

  constructor(
    private readonly pty: PtySession,
    private readonly options: ConsoleSessionOptions,
  ) {
    this.id = options.id;
    this.jail = options.jail;
    this.size = options.size;
    this.scrollback = new Scrollback(options.scrollbackBytes);
    pty.onData((chunk) => {
      this.scrollback.push(chunk);
      for (const attachment of this.attachments) attachment.data(chunk);
    });
    pty.onExit((exitCode) => this.finish({ type: "exit", exitCode }));
    this.armIdle();
  }

  get ended(): boolean {
    return this.over;
  }

  info(): ConsoleSessionInfo {
    const { id, jail, startedAt } = this;
    return { id, jail, pid: this.pty.pid, ...this.size, startedAt, attached: this.attachments.size, offset: this.scrollback.end };
  }

  /** Announces the session, replays the scrollback from `since`, then streams live output. */
  attach(attachment: ConsoleAttachment, since?: number): void {
    const { from, data } = this.scrollback.readFrom(since);
    this.attachments.add(attachment);
    this.disarmIdle();
    attachment.control({ type: "attached", session: this.info(), from });
    if (data.length) attachment.data(data);
  }

  detach(attachment: ConsoleAttachment): void {
    if (!this.attachments.delete(attachment)) return;
    this.refreshFlow();
    if (this.attachments.size === 0) this.armIdle();
  }

  write(data: Uint8Array): void {
    if (!this.over) this.pty.write(data);
  }

  resize(size: PtySize): void {
    if (this.over) return;
    this.size = size;
    this.pty.resize(size);
  }

  /** Call when an attachment's `paused` changed. */
  refreshFlow(): void {
    const pause = [...this.attachments].some((a) => a.paused);
    if (pause === this.ptyPaused || this.over) return;
    this.ptyPaused = pause;
    if (pause) this.pty.pause();
    else this.pty.resume();
  }

  end(reason: "idle" | "ended" | "agent_stopping"): void {
    if (this.over) return;
    this.finish({ type: "ended", reason });
    this.pty.close();
  }

  private finish(frame: PtyServerFrame): void {
    if (this.over) return;
    this.over = true;
    this.disarmIdle();
    for (const attachment of this.attachments) {
      attachment.control(frame);
      attachment.close();
    }
    this.attachments.clear();
    this.options.onEnd(this);
  }

  private armIdle(): void {
    this.disarmIdle();
    this.idleTimer = setTimeout(() => this.end("idle"), this.options.idleMs);
    this.idleTimer.unref();
  }

  private disarmIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}
