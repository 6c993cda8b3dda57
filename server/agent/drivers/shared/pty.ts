import fs from "node:fs";
import type { Socket } from "node:net";
import { AgentError } from "../../protocol";
import type { PtySession, PtySize } from "../driver";

type NodePty = typeof import("@lydell/node-pty");
/** node-pty with `encoding: null` reads and writes Buffers, though its typings say string. */
type BinaryPty = { write(data: Uint8Array): void; onData(listener: (data: Buffer) => void): { dispose(): void } };

/** Opens a PTY running `file args` with exactly `env`: callers pass an absolute file or a PATH. */
export type PtySpawner = (file: string, args: string[], size: PtySize, env: Record<string, string>) => Promise<PtySession>;

/** At most this much is read from a PTY's master after its reader ended (Linux's PTY holds up to about 640 KB). */
const TAIL_MAX_BYTES = 4 * 1024 * 1024;
/** How often a paused PTY checks whether its child is gone (node-pty gives up reading 200 ms after the exit). */
const PAUSED_EXIT_CHECK_MS = 40;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/**
 * Flow control that never loses the last output: node-pty destroys its PTY reader 200 ms after
 * the child exits unless it has read to the end, and a paused reader reads nothing, so what the
 * child printed last (up to the kernel's PTY buffer) would vanish. While paused, the child is
 * checked; once it is gone, the reader resumes for good and drains that bounded rest.
 */
function pausable(pty: { pid: number; pause(): void; resume(): void }) {
  let timer: NodeJS.Timeout | null = null;
  let draining = false;
  const stopChecking = () => {
    if (timer) clearInterval(timer);
    timer = null;
  };
  return {
    pause() {
      if (draining || timer) return;
      pty.pause();
      timer = setInterval(() => {
        if (alive(pty.pid)) return;
        draining = true;
        stopChecking();
        pty.resume();
      }, PAUSED_EXIT_CHECK_MS);
    },
    resume() {
      if (!timer) return;
      stopChecking();
      pty.resume();
    },
    stop: stopChecking,
  };
}

/**
 * libuv ends a PTY's reader at the first short read once the child side hung up (POLLHUP), yet
 * the kernel may still hold far more than that read took: everything a paused or slow reader had
 * not read when the child exited. So when the reader ends (before libuv closes the master), the
 * rest is read from the master directly, up to its EIO. `socket` is node-pty's `_socket` (1.1).
 */
function readTailOnEnd(socket: Socket | undefined, fd: number, deliver: (rest: Buffer) => void): void {
  socket?.once("end", () => {
    const rest = readRest(fd);
    if (rest.length > 0) deliver(rest);
  });
}

/** What a PTY's (non-blocking) master still holds: up to EIO (the child side is gone) or EAGAIN. */
export function readRest(fd: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < TAIL_MAX_BYTES) {
    const chunk = Buffer.allocUnsafe(64 * 1024);
    let n: number;
    try {
      n = fs.readSync(fd, chunk, 0, chunk.length, null);
    } catch {
      break;
    }
    if (n === 0) break;
    chunks.push(chunk.subarray(0, n));
    total += n;
  }
  return Buffer.concat(chunks, total);
}

/**
 * The one PTY wrapper both drivers use: @lydell/node-pty, imported on first use so tests never
 * load the native module. Bytes both ways (`encoding: null`); after the child exits, write,
 * resize and close are no-ops (node-pty throws).
 */
export function createNodePtySpawner(load: () => Promise<NodePty> = () => import("@lydell/node-pty")): PtySpawner {
  return async (file, args, size, env) => {
    const { spawn } = await loadNodePty(load);
    const pty = spawn(file, args, { name: "xterm-256color", cols: size.cols, rows: size.rows, encoding: null, env });
    const bytes = pty as unknown as BinaryPty;
    const flow = pausable(pty);
    const listeners = new Set<(data: Buffer) => void>();
    const deliver = (data: Buffer) => listeners.forEach((listener) => listener(data));
    bytes.onData(deliver);
    const reader = pty as unknown as { _socket?: Socket; fd: number };
    readTailOnEnd(reader._socket, reader.fd, deliver);
    let exited = false;
    pty.onExit(() => {
      exited = true;
      flow.stop();
    });
    return {
      pid: pty.pid,
      write: (data) => {
        if (!exited) bytes.write(data);
      },
      resize: ({ cols, rows }) => {
        if (!exited) pty.resize(cols, rows);
      },
      onData: (listener) => {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
      onExit: (listener) => {
        const disposable = pty.onExit(({ exitCode }) => listener(exitCode));
        return () => disposable.dispose();
      },
      pause: flow.pause,
      resume: flow.resume,
      close: () => {
        if (!exited) pty.kill("SIGHUP");
      },
    } satisfies PtySession;
  };
}

/** @lydell/node-pty ships no FreeBSD binary: without one the console is unsupported, not a crash. */
async function loadNodePty(load: () => Promise<NodePty>): Promise<NodePty> {
  try {
    return await load();
  } catch (error) {
    const reason = String((error as Error | null)?.message ?? error).split("\n")[0];
    throw new AgentError(
      "unsupported",
      `Consoles need node-pty's native module, which does not load on this host (${process.platform}-${process.arch}): ${reason}`,
    );
  }
}
