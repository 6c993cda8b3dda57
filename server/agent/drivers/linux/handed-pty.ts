import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import tty from "node:tty";
import type { PtySession, PtySize } from "../driver";
import { readRest } from "../shared/pty";
import { sealedStdio } from "../shared/inherited-fds";
import type { PtyPair } from "./jail-devpts";

/** node-pty's native module (its JS `UnixTerminal.open` would also start reading the slave). */
interface NativePty {
  open(cols: number, rows: number): { master: number; slave: number; pty: string };
  resize(fd: number, cols: number, rows: number): void;
}

/** Where a PTY comes from: the host's /dev/ptmx unless told (a jail's own devpts). */
export type PtyPairOpener = () => Promise<PtyPair>;

/** Runs `file args`, which must make fd 3 (the PTY's slave) its terminal; 0 and 1 are /dev/null, 2 a pipe. */
export type HandedPtySpawner = (
  file: string,
  args: string[],
  size: PtySize,
  env: Record<string, string>,
  openPair?: PtyPairOpener,
) => Promise<PtySession>;

/**
 * How long output is still read after the program exited while something else (a background job)
 * holds the terminal open: then the master closes, which hangs that up, as lxc-attach and
 * node-pty end a session when the shell exits.
 */
const EXIT_GRACE_MS = 200;

const loadNative = (): NativePty => createRequire(import.meta.url)("@lydell/node-pty-linux-x64/pty.node") as NativePty;

/**
 * A master/slave pair from the host's devpts. node-pty opens both inheritable and non-blocking, and a
 * non-blocking slave would hand the shell EAGAIN on reads: the slave is reopened by its path (a new
 * description, blocking and close-on-exec) and node-pty's copy closed. The master stays
 * inheritable (Node has no fcntl), which sealedStdio covers at every spawn.
 */
function openHostPair(native: NativePty): PtyPair {
  const pair = native.open(80, 24);
  try {
    return { master: pair.master, slave: fs.openSync(pair.pty, fs.constants.O_RDWR | fs.constants.O_NOCTTY) };
  } catch (error) {
    fs.closeSync(pair.master);
    throw error;
  } finally {
    fs.closeSync(pair.slave);
  }
}

/**
 * A PTY the agent opens itself and hands to the program as fd 3, so that a program which passes it on
 * (lxc-attach into a jail, where the shell takes it as its controlling terminal) copies nothing:
 * the agent reads the master the shell writes to. The session ends once the program exited and the
 * master reads EIO (every holder of the slave closed it), or EXIT_GRACE_MS after the exit.
 */
export function createHandedPtySpawner(): HandedPtySpawner {
  return async (file, args, size, env, openPair) => {
    const native = loadNative();
    const { master, slave } = openPair ? await openPair() : openHostPair(native);
    let child: ChildProcess;
    try {
      native.resize(master, size.cols, size.rows);
      child = spawn(file, args, { env: env as NodeJS.ProcessEnv, stdio: sealedStdio(["ignore", "ignore", "pipe", slave]) });
    } catch (error) {
      fs.closeSync(master);
      throw error;
    } finally {
      fs.closeSync(slave);
    }
    return new HandedPty(child, master, native);
  };
}

/** The agent's side of a handed PTY: the master, read as node-pty reads its own, and the program's exit. */
class HandedPty implements PtySession {
  readonly pid: number;
  private readonly stream: tty.ReadStream;
  private readonly listeners = new Set<(data: Buffer) => void>();
  private readonly exitListeners = new Set<(exitCode: number) => void>();
  private exitCode: number | null = null;
  private masterDone = false;
  private closed = false;

  constructor(
    private readonly child: ChildProcess,
    private readonly master: number,
    private readonly native: NativePty,
  ) {
    this.pid = child.pid ?? -1;
    this.stream = new tty.ReadStream(master);
    this.stream.on("data", (data: Buffer) => this.deliver(data));
    // libuv ends the reader at its first short read after the hangup: the rest is read directly.
    this.stream.on("end", () => this.readTail());
    // EIO: the kernel buffer is empty and no holder of the slave is left (the stream closed the fd).
    this.stream.on("error", () => this.endMaster());
    // What lxc-attach itself says (the jail stopped) reaches the terminal, as it did on its PTY.
    child.stderr?.on("data", (data: Buffer) => this.deliver(data));
    child.on("error", (error) => {
      this.deliver(Buffer.from(`${child.spawnfile}: ${error.message}\r\n`));
      if (child.pid === undefined) this.exited(127);
    });
    child.on("close", (code, signal) => this.exited(code ?? (signal ? 128 : 1)));
  }

  write(data: Uint8Array): void {
    if (this.live) this.stream.write(data);
  }

  resize({ cols, rows }: PtySize): void {
    if (this.live) this.native.resize(this.master, cols, rows);
  }

  onData(listener: (data: Buffer) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  onExit(listener: (exitCode: number) => void): () => void {
    this.exitListeners.add(listener);
    return () => void this.exitListeners.delete(listener);
  }

  pause(): void {
    if (this.live) this.stream.pause();
  }

  resume(): void {
    this.stream.resume();
  }

  /** Closing the master hangs up the terminal: the shell inside gets SIGHUP, as from a closed ssh. */
  close(): void {
    if (this.closed) return;
    this.masterDone = true;
    this.stream.destroy();
    if (this.exitCode === null) this.child.kill("SIGHUP");
  }

  /** Until the program exited or the master is gone (its fd may already be closed). */
  private get live(): boolean {
    return this.exitCode === null && !this.masterDone;
  }

  private deliver(data: Buffer): void {
    this.listeners.forEach((listener) => listener(data));
  }

  private readTail(): void {
    if (this.masterDone) return;
    const rest = readRest(this.master);
    if (rest.length > 0) this.deliver(rest);
    this.endMaster();
  }

  private endMaster(): void {
    this.masterDone = true;
    this.finish();
  }

  private exited(exitCode: number): void {
    if (this.exitCode !== null) return;
    this.exitCode = exitCode;
    // A paused reader would hold back the last output: it is read now, bounded by the kernel's buffer.
    this.stream.resume();
    setTimeout(() => this.readTail(), EXIT_GRACE_MS).unref();
    this.finish();
  }

  private finish(): void {
    if (this.closed || this.exitCode === null || !this.masterDone) return;
    this.closed = true;
    this.stream.destroy();
    const exitCode = this.exitCode;
    this.exitListeners.forEach((listener) => listener(exitCode));
  }
}
