/**
 * The web side of consoles: each browser socket attaches to agent sessions through its own
 * agent stream; bytes go out as binary socket.io messages, flow control comes back from the
 * browser's acknowledgements, every session is recorded once however many watch it.
 */
import fs from "node:fs";
import type { Server, Socket } from "socket.io";
import { openConsole, type ConsoleStream, type ConsoleStreamEnd } from "@/server/agent-client/console";
import { endConsole, fetchJail, listConsoles } from "@/server/agent-client/methods";
import type { ConsoleSession } from "@/server/agent/protocol/streams";
import type { AuditEntry } from "@/server/api/audit";
import type { HostPlace } from "@/server/api/host-place";
import type { Caller } from "@/server/api/init";
import { AsciicastRecorder } from "@/server/console/recording";
import { readRecordingEnd, type RecordingEnd } from "@/server/console/recording-resume";
import { recordingFile, recordingHref } from "@/server/console/recordings";
import { EventError, permitted, type EventContext } from "../events";
import { RelayAttachment, type ConsoleMode } from "./attachment";
import type { AttachPayload, OpenPayload } from "./payloads";

export interface ConsoleRelayOptions {
  recordingsDir: string;
  maxRecordingBytes: number;
  audit: (entry: AuditEntry) => void;
  /** Re-reads a socket's user and grants; false (and disconnected) when its session is gone. */
  refresh: (socket: Socket) => Promise<boolean>;
  /** How often attached sockets' sessions and grants are checked again: a disabled user is cut off within 2 s. */
  revalidateMs?: number;
}

export type ConsoleEndState = "exited" | "jail-stopped" | "jail-restarted" | "ended" | "idle" | "agent-restarted" | "revoked";

/** How long a killed shell's jail is watched for a stop or restart before the end is called a plain exit. */
const KILLED_SHELL_RECHECK_MS = 3000;
const room = (id: string) => `console:${id}`;
const callerOf = (socket: Socket) => (socket.data as { caller: Caller }).caller;

export class ConsoleRelay {
  private readonly bySocket = new Map<string, { ctx: EventContext; attachments: Map<string, RelayAttachment> }>();
  private readonly recorders = new Map<string, AsciicastRecorder>();
  /** Which run of its jail each session's shell started in: a shell that exits in a later run was ended by a restart. */
  private readonly jailRuns = new Map<string, string | null>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly io: Server,
    private readonly options: ConsoleRelayOptions,
  ) {
    fs.mkdirSync(options.recordingsDir, { recursive: true, mode: 0o700 });
    this.timer = setInterval(() => void this.revalidate(), options.revalidateMs ?? 1000);
    this.timer.unref();
  }

  /** Every session is on the host `place` names: its agent's PTY stream (this machine's socket, or mTLS). */
  async open(ctx: EventContext, place: HostPlace, input: OpenPayload) {
    const stream = await openConsole(place.agent, input);
    await this.noteJailRun(place, stream.session);
    this.record(place, stream.session, callerOf(ctx.socket), 0);
    this.audit(ctx, place, "console.open", stream.session);
    return this.adopt(ctx, place, stream, "interactive");
  }

  async attach(ctx: EventContext, place: HostPlace, input: AttachPayload, mode: ConsoleMode) {
    const listed = await this.requireSessionIn(place, input.jail, input.id);
    // Streams the agent counts for the session that are not this process's: another web process relays it.
    const elsewhere = listed.attached - this.viewers(input.id).length;
    this.detach(ctx.socket, input.id);
    const stream = await openConsole(place.agent, { id: input.id, since: input.since });
    await this.noteJailRun(place, stream.session);
    await this.recordAttached(place, stream, callerOf(ctx.socket), elsewhere);
    this.audit(ctx, place, mode === "watch" ? "console.watch" : "console.attach", stream.session);
    return this.adopt(ctx, place, stream, mode);
  }

  input(socket: Socket, hostId: string, input: { jail: string; id: string; data: Uint8Array }): void {
    this.interactive(socket, hostId, input).write(input.data);
  }

  resize(socket: Socket, hostId: string, input: { jail: string; id: string; cols: number; rows: number }): void {
    this.interactive(socket, hostId, input).resize(input.cols, input.rows);
  }

  ack(socket: Socket, hostId: string, input: { jail: string; id: string; bytes: number; window?: number }): void {
    this.find(socket, hostId, input).ack(input.bytes, input.window);
  }

  detach(socket: Socket, id: string): void {
    const attachment = this.bySocket.get(socket.id)?.attachments.get(id);
    if (!attachment) return;
    this.forget(attachment);
    attachment.close();
  }

  async list(place: HostPlace, jail: string) {
    const sessions = await listConsoles(place.agent, jail);
    return sessions.map((session) => ({ ...session, viewers: this.viewers(session.id) }));
  }

  async end(ctx: EventContext, place: HostPlace, input: { jail: string; id: string }) {
    const session = await this.requireSessionIn(place, input.jail, input.id);
    await endConsole(place.agent, input.id);
    this.audit(ctx, place, "console.end", session);
    return { id: input.id, ended: true };
  }

  dropSocket(socket: Socket): void {
    for (const id of [...(this.bySocket.get(socket.id)?.attachments.keys() ?? [])]) this.detach(socket, id);
    this.bySocket.delete(socket.id);
  }

  /** How many browser attachments this web process relays now (tests count them). */
  get attachedCount(): number {
    return [...this.bySocket.values()].reduce((sum, s) => sum + s.attachments.size, 0);
  }

  /** Resolves once every recording is on disk. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    for (const { ctx } of [...this.bySocket.values()]) this.dropSocket(ctx.socket);
    await Promise.all([...this.recorders.values()].map((recorder) => recorder.close()));
  }

  private adopt(ctx: EventContext, place: HostPlace, stream: ConsoleStream, mode: ConsoleMode) {
    const { session } = stream;
    const entry = this.bySocket.get(ctx.socket.id) ?? { ctx, attachments: new Map() };
    this.bySocket.set(ctx.socket.id, entry);
    const attachment = new RelayAttachment(ctx.socket, place, stream, mode, session.jail, () => this.recorders.get(session.id));
    entry.attachments.set(session.id, attachment);
    void ctx.socket.join(room(session.id));
    // After the acknowledgement: the browser learns the id before the first byte.
    setImmediate(() => attachment.start((end) => void this.ended(attachment, end)));
    this.broadcastViewers(session.id);
    return { session, from: stream.from, mode };
  }

  private find(socket: Socket, hostId: string, input: { jail: string; id: string }): RelayAttachment {
    const attachment = this.bySocket.get(socket.id)?.attachments.get(input.id);
    if (!attachment || attachment.jail !== input.jail || attachment.place.hostId !== hostId) {
      throw new EventError("NOT_FOUND", `This tab is not attached to console ${input.id} in ${input.jail}: attach first.`);
    }
    return attachment;
  }

  private interactive(socket: Socket, hostId: string, input: { jail: string; id: string }): RelayAttachment {
    const attachment = this.find(socket, hostId, input);
    if (attachment.mode !== "interactive")
      throw new EventError("FORBIDDEN", "You are watching this console read-only: typing is not allowed.");
    return attachment;
  }

  private async requireSessionIn(place: HostPlace, jail: string, id: string): Promise<ConsoleSession> {
    const session = (await listConsoles(place.agent, jail)).find((s) => s.id === id);
    if (!session) throw new EventError("NOT_FOUND", `No console session ${id} in ${jail}: it ended, or it belongs to another jail.`);
    return session;
  }

  private forget(attachment: RelayAttachment): void {
    const entry = this.bySocket.get(attachment.socket.id);
    if (entry?.attachments.get(attachment.id) !== attachment) return;
    entry.attachments.delete(attachment.id);
    void attachment.socket.leave(room(attachment.id));
    this.broadcastViewers(attachment.id);
  }

  /** The agent stream ended while still attached (not detached on purpose): the session is over for everyone. */
  private async ended(attachment: RelayAttachment, end: ConsoleStreamEnd): Promise<void> {
    if (this.bySocket.get(attachment.socket.id)?.attachments.get(attachment.id) !== attachment) return;
    this.forget(attachment);
    void this.recorders.get(attachment.id)?.close();
    this.recorders.delete(attachment.id);
    const { state, message } = await this.describe(attachment.place, attachment.jail, attachment.id, end);
    if (this.viewers(attachment.id).length === 0) this.jailRuns.delete(attachment.id);
    attachment.socket.emit("console:state", { id: attachment.id, state, message });
  }

  private async noteJailRun(place: HostPlace, session: ConsoleSession): Promise<void> {
    if (!this.jailRuns.has(session.id)) this.jailRuns.set(session.id, await this.jailRun(place, session.jail));
  }

  /** The jail's current run (its jid and init process), or null when it is not running. */
  private jailRun(place: HostPlace, jail: string): Promise<string | null> {
    return fetchJail(place.agent, jail).then(
      (j) => (j.state === "running" ? `${j.jid ?? "-"}/${j.initPid ?? "-"}` : null),
      () => null,
    );
  }

  /**
   * A shell killed by a signal (exit code above 128) is often the first sign of its jail stopping,
   * before the jail's state says so: for a few seconds, look again until the run changes.
   */
  private async jailRunAfterExit(place: HostPlace, jail: string, openedIn: string | null | undefined, exitCode: number | null) {
    let run = await this.jailRun(place, jail);
    const killed = exitCode === null || exitCode > 128;
    for (let waited = 0; killed && run !== null && run === openedIn && waited < KILLED_SHELL_RECHECK_MS; waited += 250) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      run = await this.jailRun(place, jail);
    }
    return run;
  }

  private async describe(
    place: HostPlace,
    jail: string,
    id: string,
    end: ConsoleStreamEnd,
  ): Promise<{ state: ConsoleEndState; message: string }> {
    if (end.kind === "lost")
      return { state: "agent-restarted", message: "The agent restarted: this console's shell is gone. Open a new session." };
    if (end.kind === "ended" && end.reason === "idle")
      return { state: "idle", message: "The session ended after being idle with nobody attached." };
    if (end.kind === "ended") return { state: "ended", message: "The session was ended." };
    const openedIn = this.jailRuns.get(id);
    const run = await this.jailRunAfterExit(place, jail, openedIn, end.exitCode);
    if (run === null) return { state: "jail-stopped", message: `The jail ${jail} stopped: open a new session once it runs again.` };
    if (openedIn && openedIn !== run)
      return { state: "jail-restarted", message: `The jail ${jail} restarted, which ended this shell: open a new session.` };
    return { state: "exited", message: `The shell exited${end.exitCode === null ? "" : ` with code ${end.exitCode}`}.` };
  }

  private viewers(id: string): { username: string; mode: ConsoleMode }[] {
    return [...this.bySocket.values()].flatMap(({ ctx, attachments }) => {
      const attachment = attachments.get(id);
      return attachment ? [{ username: callerOf(ctx.socket).username, mode: attachment.mode }] : [];
    });
  }

  private broadcastViewers(id: string): void {
    // The count is this process's viewers: another process's own broadcast would overwrite it with its count.
    this.io.local.to(room(id)).emit("console:viewers", { id, viewers: this.viewers(id) });
  }

  /**
   * One writer per recording, keyed by the agent's session id: a process that relays the session
   * now keeps recording; a file whose writer is gone (its web process died, or its viewers left)
   * is continued after a marker; while another process relays the session, that one records it.
   */
  private async recordAttached(place: HostPlace, stream: ConsoleStream, caller: Caller, elsewhere: number): Promise<void> {
    const { session } = stream;
    const current = this.recorders.get(session.id);
    // A recording stopped at its size limit stays stopped (its stop was audited once).
    if (current && (!current.active || this.viewers(session.id).length > 0)) return;
    this.recorders.delete(session.id);
    await current?.close();
    const file = recordingFile(this.options.recordingsDir, session.id);
    if (!fs.existsSync(file)) return this.record(place, session, caller, stream.from);
    if (elsewhere > 0) return;
    const end = await readRecordingEnd(file);
    if (end.bytes < this.options.maxRecordingBytes) this.record(place, session, caller, stream.from, end);
  }

  private record(place: HostPlace, session: ConsoleSession, caller: Caller, startOffset: number, resume?: RecordingEnd): void {
    if (this.recorders.has(session.id)) return;
    const recorder = new AsciicastRecorder({
      resume,
      file: recordingFile(this.options.recordingsDir, session.id),
      header: { width: session.cols, height: session.rows, title: `${session.jail} — ${caller.username}` },
      startOffset,
      maxBytes: this.options.maxRecordingBytes,
      onStop: (reason) =>
        this.options.audit({
          ...auditBase(caller, place.hostId, "console.recording", session),
          result: "error",
          message: reason,
          details: { session: session.id, recording: recordingHref(session.jail, session.id, place.hostId) },
        }),
    });
    this.recorders.set(session.id, recorder);
  }

  private audit(ctx: EventContext, place: HostPlace, action: string, session: ConsoleSession): void {
    const details = { session: session.id, recording: recordingHref(session.jail, session.id, place.hostId) };
    this.options.audit({ ...auditBase(callerOf(ctx.socket), place.hostId, action, session), result: "ok", details });
  }

  /** Sessions and grants of attached sockets, again and again: a disabled user or a revoked grant detaches within 2 s. */
  private async revalidate(): Promise<void> {
    for (const { ctx, attachments } of [...this.bySocket.values()]) {
      if (attachments.size === 0 || !(await this.options.refresh(ctx.socket))) continue;
      for (const attachment of [...attachments.values()]) {
        const permission = attachment.mode === "watch" ? "console.watch" : "console.interactive";
        if (await permitted(ctx, permission, { jailFrom: () => attachment.jail }, {}, attachment.place)) continue;
        this.detach(ctx.socket, attachment.id);
        ctx.socket.emit("console:state", {
          id: attachment.id,
          state: "revoked",
          message: `You no longer have ${permission} on ${attachment.jail}.`,
        });
      }
    }
  }
}

function auditBase(caller: Caller, hostId: string, action: string, session: ConsoleSession) {
  return {
    actorId: caller.id,
    actorName: caller.username,
    action,
    hostId,
    targetType: "jail" as const,
    target: session.jail,
  };
}
