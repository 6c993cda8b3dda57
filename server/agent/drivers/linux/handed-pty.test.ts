import fs from "node:fs";
import { describe, expect, it } from "vitest";
import type { PtySession } from "../driver";
import { createHandedPtySpawner } from "./handed-pty";

const ENV = { PATH: "/usr/bin:/bin", TERM: "xterm-256color" };

/** `script` under sh with fd 3 made its controlling terminal, as the jail's shell takes it. */
const onHandedTerminal = (script: string) => ["-c", `exec setsid -c /bin/sh -c '${script}' <&3 >&3 2>&3 3>&-`];

async function open(script: string, size = { cols: 80, rows: 24 }) {
  const session = await createHandedPtySpawner()("/bin/sh", onHandedTerminal(script), size, ENV);
  let output = "";
  session.onData((data) => (output += data.toString("utf8")));
  const exit = new Promise<number>((resolve) => session.onExit(resolve));
  return { session, exit, output: () => output };
}

async function until(condition: () => boolean, what: string, ms = 5000) {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const countBytes = (session: PtySession, slow: boolean) => {
  let received = 0;
  session.onData((data) => {
    received += data.length;
    if (!slow) return;
    // A slow client: every chunk pauses the reader for a moment.
    session.pause();
    setTimeout(() => session.resume(), 30);
  });
  return () => received;
};

describe.skipIf(process.platform !== "linux")("createHandedPtySpawner (real PTY)", () => {
  it("is the shell's controlling terminal, at the size given and after a resize", async () => {
    const pty = await open("read line; stty size; read line; stty size; tty; echo job-$(ps -o stat= -p $$)");
    pty.session.write(Buffer.from("go\n"));
    await until(() => pty.output().includes("24 80"), "the first size");
    pty.session.resize({ cols: 120, rows: 40 });
    pty.session.write(Buffer.from("go\n"));
    expect(await pty.exit).toBe(0);
    expect(pty.output()).toContain("40 120");
    expect(pty.output()).toMatch(/\/dev\/pts\/\d+/);
    // "s": a session leader, "+": in the terminal's foreground process group.
    expect(pty.output()).toMatch(/job-\S*s\S*\+/);
  });

  it("hands the program only its stdio and the PTY: the agent's other PTYs are /dev/null there", async () => {
    const other = await open("read line");
    const pty = await open("ls -l /proc/$$/fd");
    expect(await pty.exit).toBe(0);
    other.session.close();
    await other.exit;
    const fds = pty
      .output()
      .split("\n")
      .filter((line) => line.includes(" -> "));
    expect(fds.filter((line) => /ptmx/.test(line))).toEqual([]);
    expect(fds.filter((line) => /\/dev\/pts\//.test(line)).map((line) => line.split(" -> ")[0]!.trim().split(" ").at(-1))).toEqual([
      "0",
      "1",
      "2",
    ]);
  });

  it("delivers the whole tail and the exit code when a slow reader was far behind as the shell exited", async () => {
    const bytes = 300_000;
    const pty = await open(`stty -opost; head -c ${bytes} /dev/zero | tr "\\0" x; exit 5`);
    const received = countBytes(pty.session, true);
    expect(await pty.exit).toBe(5);
    expect(received()).toBe(bytes);
  }, 20_000);

  it("delivers what the shell printed last while paused", async () => {
    const pty = await open(`stty -opost; head -c 3000 /dev/zero | tr "\\0" x`);
    const received = countBytes(pty.session, false);
    pty.session.pause();
    expect(await pty.exit).toBe(0);
    expect(received()).toBe(3000);
  });

  it("ends shortly after the shell even while a background job holds the terminal", async () => {
    const started = Date.now();
    const pty = await open("sleep 30 & echo started");
    expect(await pty.exit).toBe(0);
    expect(pty.output()).toContain("started");
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("close hangs up the shell; sessions leave no fd behind", async () => {
    const before = fs.readdirSync("/proc/self/fd").length;
    for (let i = 0; i < 3; i++) {
      const pty = await open('trap "exit 9" HUP; echo ready; while :; do sleep 1; done');
      await until(() => pty.output().includes("ready"), "the shell");
      pty.session.close();
      expect(await pty.exit).toBe(9);
      pty.session.write(Buffer.from("ignored after the end\n"));
      pty.session.resize({ cols: 100, rows: 30 });
    }
    expect(fs.readdirSync("/proc/self/fd").length).toBe(before);
  });
});
