import type { PtySession } from "../driver";
import type { PtySpawner } from "./context";

/** The real PTY: @lydell/node-pty, imported on first use so tests never load the native module. */
export function createNodePtySpawner(): PtySpawner {
  return async (file, args, size) => {
    const { spawn } = await import("@lydell/node-pty");
    const pty = spawn(file, args, { name: "xterm-256color", cols: size.cols, rows: size.rows, env: { TERM: "xterm-256color" } });
    return {
      pid: pty.pid,
      write: (data) => pty.write(data),
      resize: ({ cols, rows }) => pty.resize(cols, rows),
      onData: (listener) => {
        const disposable = pty.onData(listener);
        return () => disposable.dispose();
      },
      onExit: (listener) => {
        const disposable = pty.onExit(({ exitCode }) => listener(exitCode));
        return () => disposable.dispose();
      },
      close: () => pty.kill(),
    } satisfies PtySession;
  };
}
