import { spawn, type IPty } from "@lydell/node-pty";
import type { PtySession, PtySize } from "../driver";
import type { Lxc } from "./lxc";

/** node-pty with `encoding: null` reads and writes Buffers, though its typings say string. */
type BinaryPty = Omit<IPty, "write" | "onData"> & {
  write(data: Uint8Array): void;
  onData(listener: (data: Buffer) => void): { dispose(): void };
};

/** A login shell inside the jail under a host PTY; the jail's /bin/sh (busybox and Debian both have one). */
export function openJailPty(lxc: Lxc, name: string, size: PtySize): PtySession {
  const pty = spawn("lxc-attach", lxc.attachArgs(name, ["/bin/sh", "-l"]), {
    name: "xterm-256color",
    cols: size.cols,
    rows: size.rows,
    encoding: null,
    env: { PATH: process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin", TERM: "xterm-256color" },
  }) as unknown as BinaryPty;
  let exited = false;
  pty.onExit(() => {
    exited = true;
  });
  return {
    pid: pty.pid,
    write: (data) => {
      if (!exited) pty.write(data);
    },
    resize: (s) => {
      if (!exited) pty.resize(s.cols, s.rows);
    },
    onData: (listener) => {
      const d = pty.onData(listener);
      return () => d.dispose();
    },
    onExit: (listener) => {
      const d = pty.onExit(({ exitCode }) => listener(exitCode));
      return () => d.dispose();
    },
    pause: () => pty.pause(),
    resume: () => pty.resume(),
    close: () => {
      if (!exited) pty.kill("SIGHUP");
    },
  };
}
