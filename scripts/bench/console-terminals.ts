/**
 * The two terminals the console bench compares, behind one shape: a Stockade console session
 * driven by a socket.io client in Node (as a browser tab would, acknowledging what it took), and
 * `ssh -tt` to an sshd the bench starts on loopback with its own host key and authorized key.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { io } from "socket.io-client";
import { UNACKED_MAX } from "@/server/realtime/console/attachment";
import type { Cleanup } from "./harness";
import type { WebStack } from "./web-stack";

const run = promisify(execFile);
export const SSHD = "/usr/sbin/sshd";
export const FILE_BYTES = 64 * 1024 * 1024;
/** One 80-byte line, CR LF included: with `stty -opost` both terminals pass it untranslated. */
export const LINE = "Stockade console bench: 0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOP\r\n";

/** A shell at the other end: bytes in, bytes out. */
export interface BenchTerminal {
  write(data: string): void;
  onData(listener: (chunk: Buffer) => void): () => void;
}

/**
 * Resolves when `text` has arrived in the output after this call (matched across chunk boundaries).
 * Searched in the bytes, keeping only the last few of the previous chunk: converting every 64 KB
 * chunk to a string cost the bench's client ~0.2 s of CPU per 64 MB, on both sides of a comparison.
 */
export function waitFor(terminal: BenchTerminal, text: string, timeoutMs = 120_000): Promise<void> {
  const wanted = Buffer.from(text, "latin1");
  return new Promise((resolve, reject) => {
    let tail = Buffer.alloc(0);
    const timer = setTimeout(() => (off(), reject(new Error(`"${text}" did not arrive within ${timeoutMs} ms`))), timeoutMs);
    const off = terminal.onData((chunk) => {
      const seam = Buffer.concat([tail, chunk.subarray(0, wanted.length - 1)]);
      const found = seam.includes(wanted) || chunk.includes(wanted);
      const recent = chunk.length >= wanted.length ? chunk : Buffer.concat([tail, chunk]);
      tail = Buffer.from(recent.subarray(Math.max(0, recent.length - (wanted.length - 1))));
      if (!found) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

function listeners(): { emit(chunk: Buffer): void; add(listener: (chunk: Buffer) => void): () => void } {
  const set = new Set<(chunk: Buffer) => void>();
  return { emit: (chunk) => set.forEach((l) => l(chunk)), add: (l) => (set.add(l), () => void set.delete(l)) };
}

/** Taken bytes are acknowledged in batches this large, or once no more messages are waiting (as the browser does). */
const ACK_BATCH = 64 * 1024;

/** A new console session in `jail`, as the browser opens one, acknowledging what it took. */
export async function consoleTerminal(stack: WebStack, jail: string, cleanup: Cleanup): Promise<BenchTerminal> {
  const socket = io(stack.origin, { transports: ["websocket"], extraHeaders: { cookie: stack.cookie, origin: stack.origin } });
  cleanup.add(async () => void socket.close());
  const output = listeners();
  let taken = 0;
  let ackQueued = false;
  const acknowledge = (id: string) => {
    // A Node client takes bytes as fast as they come: it asks for the largest window the web grants.
    if (taken > 0) socket.emit("console:ack", { jail, id, bytes: taken, window: UNACKED_MAX });
    taken = 0;
  };
  socket.on("console:data", (id: string, data: Buffer) => {
    output.emit(data);
    taken += data.length;
    if (taken >= ACK_BATCH) acknowledge(id);
    else if (!ackQueued) {
      ackQueued = true;
      setImmediate(() => ((ackQueued = false), acknowledge(id)));
    }
  });
  const opened = await socket.emitWithAck("console:open", { jail, cols: 120, rows: 40 });
  if (!opened.ok) throw new Error(`console:open: ${opened.message}`);
  const id = opened.data.session.id as string;
  return {
    write: (data) => socket.emit("console:input", { jail, id, data: Buffer.from(data) }),
    onData: output.add,
  };
}

export interface Sshd {
  port: number;
  key: string;
}

/** sshd on 127.0.0.1:`port`, everything in a temp dir: host key, client key, authorized_keys, config. */
export async function startSshd(port: number, cleanup: Cleanup): Promise<Sshd> {
  if (!fs.existsSync(SSHD)) throw new Error(`${SSHD} is missing: run scripts/setup.sh (it installs openssh-server)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stockade-bench-sshd-"));
  cleanup.add(async () => fs.rmSync(dir, { recursive: true, force: true }));
  const file = (name: string) => path.join(dir, name);
  await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", file("host_key")]);
  await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", file("client_key")]);
  fs.copyFileSync(file("client_key.pub"), file("authorized_keys"));
  const config = [
    `Port ${port}`,
    "ListenAddress 127.0.0.1",
    `HostKey ${file("host_key")}`,
    `AuthorizedKeysFile ${file("authorized_keys")}`,
    `PidFile ${file("sshd.pid")}`,
    "PermitRootLogin prohibit-password",
    "PasswordAuthentication no",
    "KbdInteractiveAuthentication no",
    "UsePAM no",
    "StrictModes no",
    "PrintMotd no",
  ];
  fs.writeFileSync(file("sshd_config"), config.join("\n") + "\n");
  fs.mkdirSync("/run/sshd", { recursive: true, mode: 0o755 }); // sshd's privilege-separation directory
  const sshd = spawn(SSHD, ["-D", "-e", "-f", file("sshd_config")], { stdio: ["ignore", "ignore", "pipe"] });
  cleanup.add(
    async () => void sshd.kill("SIGTERM"),
    () => void sshd.kill("SIGKILL"),
  );
  await new Promise<void>((resolve, reject) => {
    sshd.stderr!.on("data", (chunk: Buffer) => chunk.toString().includes("Server listening") && resolve());
    sshd.once("exit", (code) => reject(new Error(`sshd exited with ${code}`)));
  });
  return { port, key: file("client_key") };
}

/** `ssh -tt root@127.0.0.1` into a login shell, as an operator would ssh into a jail's host. */
export function sshTerminal(sshd: Sshd, cleanup: Cleanup): BenchTerminal {
  const args = ["-tt", "-i", sshd.key, "-p", String(sshd.port), "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no"];
  const ssh: ChildProcess = spawn("ssh", [...args, "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "root@127.0.0.1"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  cleanup.add(
    async () => void ssh.kill("SIGTERM"),
    () => void ssh.kill("SIGKILL"),
  );
  const output = listeners();
  ssh.stdout!.on("data", output.emit);
  return { write: (data) => ssh.stdin!.write(data), onData: output.add };
}

/** Waits for the shell, then sets the tty so the file's bytes pass untranslated and typed lines are not echoed twice. */
export async function ready(terminal: BenchTerminal): Promise<void> {
  const up = waitFor(terminal, "READY-2");
  terminal.write("echo READY-$((1+1))\n");
  await up;
  const set = waitFor(terminal, "SET-3");
  terminal.write("stty -opost; echo SET-$((1+2))\n");
  await set;
}
