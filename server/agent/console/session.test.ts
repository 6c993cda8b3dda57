import { afterEach, describe, expect, it, vi } from "vitest";
import type { PtySession } from "../drivers/driver";
import type { PtyServerFrame } from "../protocol";
import { ConsoleSession, type ConsoleAttachment } from "./session";

/** A PTY stand-in whose output the test drives and whose flow calls it records. */
function fakePty() {
  const data = new Set<(chunk: Buffer) => void>();
  const exit = new Set<(code: number) => void>();
  const calls: string[] = [];
  const pty: PtySession = {
    pid: 99,
    write: (bytes) => calls.push(`write:${Buffer.from(bytes).toString()}`),
    resize: ({ cols, rows }) => calls.push(`resize:${cols}x${rows}`),
    onData: (l) => (data.add(l), () => data.delete(l)),
    onExit: (l) => (exit.add(l), () => exit.delete(l)),
    pause: () => calls.push("pause"),
    resume: () => calls.push("resume"),
    close: () => calls.push("close"),
  };
  return { pty, calls, emit: (s: string) => data.forEach((l) => l(Buffer.from(s))), exit: (code: number) => exit.forEach((l) => l(code)) };
}

function attachment() {
  const got = { bytes: "", frames: [] as PtyServerFrame[], closed: false, paused: false };
  const a: ConsoleAttachment & { state: typeof got } = {
    state: got,
    data: (chunk) => (got.bytes += chunk.toString()),
    control: (frame) => got.frames.push(frame),
    get paused() {
      return got.paused;
    },
    close: () => (got.closed = true),
  };
  return a;
}

const options = (onEnd = () => {}) => ({
  id: "a".repeat(24),
  jail: "web1",
  size: { cols: 80, rows: 24 },
  scrollbackBytes: 8,
  idleMs: 1000,
  onEnd,
});

afterEach(() => vi.useRealTimers());

describe("ConsoleSession", () => {
  it("announces itself, replays the scrollback and streams to every attachment", () => {
    const { pty, emit } = fakePty();
    const session = new ConsoleSession(pty, options());
    emit("abc");
    const first = attachment();
    session.attach(first);
    expect(first.state.frames[0]).toMatchObject({ type: "attached", from: 0, session: { pid: 99, attached: 1, offset: 3 } });
    const second = attachment();
    session.attach(second, 3);
    emit("def");
    expect([first.state.bytes, second.state.bytes]).toEqual(["abcdef", "def"]);
  });

  it("replays from the oldest byte still held when a reattaching client is too far behind", () => {
    const { pty, emit } = fakePty();
    const session = new ConsoleSession(pty, options());
    emit("0123456789");
    const late = attachment();
    session.attach(late, 1);
    expect(late.state.frames[0]).toMatchObject({ from: 2 });
    expect(late.state.bytes).toBe("23456789");
  });

  it("pauses the PTY while any attachment is paused and resumes when none is", () => {
    const { pty, calls } = fakePty();
    const session = new ConsoleSession(pty, options());
    const [fast, slow] = [attachment(), attachment()];
    session.attach(fast);
    session.attach(slow);
    slow.state.paused = true;
    session.refreshFlow();
    session.refreshFlow();
    slow.state.paused = false;
    session.refreshFlow();
    slow.state.paused = true;
    session.refreshFlow();
    session.detach(slow);
    expect(calls).toEqual(["pause", "resume", "pause", "resume"]);
  });

  it("ends after the idle time with nobody attached, and not while someone is", () => {
    vi.useFakeTimers();
    const { pty, calls } = fakePty();
    const onEnd = vi.fn();
    const session = new ConsoleSession(pty, options(onEnd));
    const viewer = attachment();
    session.attach(viewer);
    vi.advanceTimersByTime(5000);
    expect(onEnd).not.toHaveBeenCalled();
    session.detach(viewer);
    vi.advanceTimersByTime(999);
    expect(onEnd).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onEnd).toHaveBeenCalledWith(session);
    expect(calls).toContain("close");
  });

  it("tells attachments the shell exited and closes them", () => {
    const { pty, exit } = fakePty();
    const onEnd = vi.fn();
    const session = new ConsoleSession(pty, options(onEnd));
    const viewer = attachment();
    session.attach(viewer);
    exit(0);
    expect(viewer.state.frames.at(-1)).toEqual({ type: "exit", exitCode: 0 });
    expect(viewer.state.closed).toBe(true);
    expect(session.ended).toBe(true);
    expect(onEnd).toHaveBeenCalledOnce();
  });

  it("writes and resizes until it ends, then ignores both", () => {
    const { pty, calls } = fakePty();
    const session = new ConsoleSession(pty, options());
    session.write(Buffer.from("ls\n"));
    session.resize({ cols: 100, rows: 30 });
    expect(session.info()).toMatchObject({ cols: 100, rows: 30 });
    session.end("ended");
    session.write(Buffer.from("x"));
    expect(calls).toEqual(["write:ls\n", "resize:100x30", "close"]);
  });
});
