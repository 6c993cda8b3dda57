import { AgentError } from "../../protocol";
import type { PtySession, PtySize } from "../driver";

type NodePty = typeof import("@lydell/node-pty");
/** node-pty with `encoding: null` reads and writes Buffers, though its typings say string. */
type BinaryPty = { write(data: Uint8Array): void; onData(listener: (data: Buffer) => void): { dispose(): void } };

/** Opens a PTY running `file args` with exactly `env`: callers pass an absolute file or a PATH. */
export type PtySpawner = (file: string, args: string[], size: PtySize, env: Record<string, string>) => Promise<PtySession>;

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
        const disposable = bytes.onData(listener);
        return () => disposable.dispose();
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
