import { AgentError } from "../../protocol";
import type { PtySession } from "../driver";
import type { PtySpawner } from "./context";

type NodePty = typeof import("@lydell/node-pty");
/** node-pty with `encoding: null` reads and writes Buffers, though its typings say string. */
type BinaryPty = { write(data: Uint8Array): void; onData(listener: (data: Buffer) => void): { dispose(): void } };

/**
 * The real PTY: @lydell/node-pty, imported on first use so tests never load the native module.
 * The child gets only TERM, no PATH: callers pass an absolute file.
 */
export function createNodePtySpawner(load: () => Promise<NodePty> = () => import("@lydell/node-pty")): PtySpawner {
  return async (file, args, size) => {
    const { spawn } = await loadNodePty(load);
    const pty = spawn(file, args, {
      name: "xterm-256color",
      cols: size.cols,
      rows: size.rows,
      encoding: null,
      env: { TERM: "xterm-256color" },
    });
    const bytes = pty as unknown as BinaryPty;
    return {
      pid: pty.pid,
      write: (data) => bytes.write(data),
      resize: ({ cols, rows }) => pty.resize(cols, rows),
      onData: (listener) => {
        const disposable = bytes.onData(listener);
        return () => disposable.dispose();
      },
      onExit: (listener) => {
        const disposable = pty.onExit(({ exitCode }) => listener(exitCode));
        return () => disposable.dispose();
      },
      pause: () => pty.pause(),
      resume: () => pty.resume(),
      close: () => pty.kill(),
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
