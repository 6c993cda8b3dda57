"use client";

import type { Socket } from "socket.io-client";

export type ConsoleMode = "interactive" | "watch";
export type ConsoleStatus =
  | { state: "connecting" }
  | { state: "connected"; id: string; mode: ConsoleMode }
  | { state: "reconnecting"; id: string }
  | { state: "ended" | "exited" | "jail-stopped" | "jail-restarted" | "idle" | "agent-restarted" | "revoked" | "failed"; message: string };

export interface ConsoleViewer {
  username: string;
  mode: ConsoleMode;
}

export interface ConsoleSink {
  /** Writes output into the terminal; `done` runs once xterm.js has parsed it. */
  write(data: Uint8Array, done: () => void): void;
  /** The scrollback replay starts over (a reattach the server could not continue): clear first. */
  reset(): void;
  status(status: ConsoleStatus): void;
  viewers(viewers: ConsoleViewer[]): void;
  notice(message: string): void;
}

type Reply<T> = { ok: true; data: T } | { ok: false; code: string; message: string };
interface Attached {
  session: { id: string; cols: number; rows: number };
  from: number;
  mode: ConsoleMode;
}

const WAITS_FOR_GRANT = "It opens by itself once you are granted access.";

/** Bytes parsed by xterm.js are acknowledged in batches this large (or when its queue drains). */
const ACK_BATCH = 64 * 1024;
/** The window asked for with an acknowledgement: what xterm.js parsed in this long at its rate just measured. */
const WINDOW_MS = 100;
// Per host: www1 on this machine and www1 on build2 are different jails with different shells.
const storageKey = (host: string, jail: string) => `stockade-console:${host}:${jail}`;

/** The session a tab last had open in a jail on a host, so a reload reattaches to the same shell. */
export const rememberedSession = (host: string, jail: string): string | null => sessionStorage.getItem(storageKey(host, jail));

/**
 * One terminal's conversation with the web process about one jail on one host (every console:*
 * event names both): open or attach, bytes in and out,
 * acknowledgements once xterm.js has parsed output (the server pauses the PTY while too much is
 * unacknowledged), reattach after a dropped connection from the last byte received, and a
 * request refused for want of a grant asked again when the server says this user's grants changed.
 */
export class ConsoleConnection {
  private id: string | null = null;
  private mode: ConsoleMode = "interactive";
  private offset = 0;
  private parsed = 0;
  private unparsed = 0;
  /** Since when xterm.js has had output to parse (null: its queue is empty), and for how long since the last acknowledgement. */
  private busySince: number | null = null;
  private busyMs = 0;
  private over = false;
  /** The open or attach last refused as FORBIDDEN, asked again at the next `grants:changed`. */
  private refused: (() => Promise<unknown>) | null = null;
  private readonly off: (() => void)[] = [];

  constructor(
    private readonly socket: Socket,
    private readonly host: string,
    private readonly jail: string,
    private readonly sink: ConsoleSink,
  ) {
    const on = <A extends unknown[]>(event: string, handler: (...args: A) => void) => {
      socket.on(event, handler as (...args: unknown[]) => void);
      this.off.push(() => socket.off(event, handler as (...args: unknown[]) => void));
    };
    // Listeners first, then the request: the first prompt must not arrive before anyone listens.
    on("console:data", (id: string, data: ArrayBuffer | Uint8Array) => this.receive(id, data));
    on("console:state", (s: { id: string; state: string; message: string }) => s.id === this.id && this.finish(s.state, s.message));
    on("console:viewers", (v: { id: string; viewers: ConsoleViewer[] }) => v.id === this.id && sink.viewers(v.viewers));
    on("console:notice", (n: { id: string; message: string }) => n.id === this.id && sink.notice(n.message));
    on("disconnect", () => this.id && !this.over && sink.status({ state: "reconnecting", id: this.id }));
    on("connect", () => this.id && !this.over && void this.attach(this.id, this.mode, this.offset));
    on("grants:changed", () => this.retryRefused());
  }

  /** A new shell in the jail. */
  async open(cols: number, rows: number): Promise<void> {
    this.sink.status({ state: "connecting" });
    this.settle(await this.request<Attached>("console:open", { ...this.where(), cols, rows }), () => this.open(cols, rows));
  }

  /** An existing session: `since` is what this terminal already shows (undefined: replay everything). */
  async attach(id: string, mode: ConsoleMode, since?: number): Promise<boolean> {
    if (since === undefined) this.sink.status({ state: "connecting" });
    const reply = await this.request<Attached>(mode === "watch" ? "console:watch" : "console:attach", { ...this.where(), id, since });
    if (reply.ok && reply.data.from !== since) this.sink.reset();
    this.settle(reply, () => this.attach(id, mode, since));
    return reply.ok;
  }

  input(text: string): void {
    if (this.id && this.mode === "interactive") void this.send("console:input", { data: new TextEncoder().encode(text) });
  }

  resize(cols: number, rows: number): void {
    if (this.id && this.mode === "interactive") void this.send("console:resize", { cols, rows });
  }

  /** Stops listening and detaches; the shell lives on in the agent. */
  dispose(): void {
    if (this.id && !this.over && this.socket.connected) this.socket.emit("console:detach", { ...this.where(), id: this.id });
    this.off.forEach((off) => off());
  }

  private where() {
    return { host: this.host, jail: this.jail };
  }

  private async request<T>(event: string, payload: object): Promise<Reply<T>> {
    return (await this.socket.emitWithAck(event, payload)) as Reply<T>;
  }

  private async send(event: string, payload: object): Promise<void> {
    const reply = await this.request(event, { ...this.where(), id: this.id, ...payload });
    if (!reply.ok) this.sink.notice(reply.message);
  }

  /** `again` repeats the request; it is kept if the server refused for want of a grant. */
  private settle(reply: Reply<Attached>, again: () => Promise<unknown>): void {
    this.refused = !reply.ok && reply.code === "FORBIDDEN" ? again : null;
    if (!reply.ok) return this.finish("failed", this.refused ? `${reply.message} ${WAITS_FOR_GRANT}` : reply.message);
    this.id = reply.data.session.id;
    this.mode = reply.data.mode;
    this.offset = reply.data.from;
    this.over = false;
    if (this.mode === "interactive") sessionStorage.setItem(storageKey(this.host, this.jail), this.id);
    this.sink.status({ state: "connected", id: this.id, mode: this.mode });
  }

  private retryRefused(): void {
    const again = this.refused;
    this.refused = null;
    if (again) void again();
  }

  private receive(id: string, raw: ArrayBuffer | Uint8Array): void {
    if (id !== this.id) return;
    const data = raw instanceof Uint8Array ? raw : new Uint8Array(raw);
    this.offset += data.length;
    if (this.unparsed === 0) this.busySince = performance.now();
    this.unparsed += data.length;
    this.sink.write(data, () => {
      this.unparsed -= data.length;
      this.parsed += data.length;
      if (this.unparsed === 0 && this.busySince !== null) {
        this.busyMs += performance.now() - this.busySince;
        this.busySince = null;
      }
      if (this.parsed >= ACK_BATCH || this.unparsed === 0) this.acknowledge();
    });
  }

  /**
   * Acknowledges what xterm.js parsed, with the window it can take: its parse rate is measured over
   * the time it was busy (not the time it waited for output), so a small window does not keep itself small.
   */
  private acknowledge(): void {
    if (!this.id || this.parsed === 0) return;
    const now = performance.now();
    const busyMs = this.busyMs + (this.busySince === null ? 0 : now - this.busySince);
    if (this.busySince !== null) this.busySince = now;
    this.busyMs = 0;
    const window = this.parsed >= ACK_BATCH && busyMs > 0 ? Math.round((this.parsed / busyMs) * WINDOW_MS) : undefined;
    this.socket.emit("console:ack", { ...this.where(), id: this.id, bytes: this.parsed, ...(window === undefined ? {} : { window }) });
    this.parsed = 0;
  }

  private finish(state: string, message: string): void {
    this.over = true;
    const key = storageKey(this.host, this.jail);
    if (state !== "failed" && sessionStorage.getItem(key) === this.id) sessionStorage.removeItem(key);
    this.sink.status({ state: state as "ended", message });
  }
}
