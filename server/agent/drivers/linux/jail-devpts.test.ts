import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHandedPtySpawner } from "./handed-pty";
import { openJailPtyPair } from "./jail-devpts";

const ENV = { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", TERM: "xterm-256color" };

/** A process in a mount namespace of its own with a devpts instance of its own on /dev/pts: a jail's, as far as PTYs go. */
async function namespaceWithDevpts(): Promise<ChildProcess> {
  const mount = "mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts /dev/pts";
  const child = spawn("unshare", ["-m", "--propagation", "private", "sh", "-c", `${mount} && echo ready && exec sleep 120`], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`unshare exited ${code}`)));
  });
  return child;
}

const closeAll = (...fds: number[]) => fds.forEach((fd) => fs.closeSync(fd));

const root = process.getuid?.() === 0;

describe.skipIf(process.platform !== "linux" || !root)("openJailPtyPair [integration]", () => {
  let jail: ChildProcess;
  let scratch: string;
  beforeAll(async () => {
    jail = await namespaceWithDevpts();
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tty11-devpts-"));
  });
  afterAll(() => {
    jail.kill();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("opens the PTY in the namespace's devpts, not the host's", async () => {
    const { master, slave } = await openJailPtyPair(jail.pid!, "ns");
    try {
      expect(fs.fstatSync(slave).dev).toBe(fs.fstatSync(master).dev);
      expect(fs.fstatSync(slave).dev).not.toBe(fs.statSync("/dev/pts").dev);
    } finally {
      closeAll(master, slave);
    }
  });

  it("is a terminal `tty` names inside the namespace, at a path that exists there", async () => {
    const script = "tty; [ -e $(tty) ] && echo EXISTS-HERE; stty size";
    const shell = ["-t", String(jail.pid), "-m", "--", "/bin/sh", "-c", `exec setsid -c /bin/sh -c '${script}' <&3 >&3 2>&3 3>&-`];
    const session = await createHandedPtySpawner()("nsenter", shell, { cols: 90, rows: 30 }, ENV, () => openJailPtyPair(jail.pid!, "ns"));
    let output = "";
    session.onData((data) => (output += data.toString("utf8")));
    expect(await new Promise((resolve) => session.onExit(resolve))).toBe(0);
    const [, index] = /^\/dev\/pts\/(\d+)\r?$/m.exec(output) ?? [];
    expect(index, output).toBeDefined();
    expect(output).toContain("EXISTS-HERE");
    expect(output).toContain("30 90");
  });

  it("refuses a dev or pts that is a symlink the jail made, and a /dev/pts that is no devpts", async () => {
    const linked = path.join(scratch, "linked-dev");
    fs.mkdirSync(linked);
    fs.symlinkSync("/dev", path.join(linked, "dev"));
    await expect(openJailPtyPair(process.pid, "a", linked)).rejects.toThrow(/ELOOP|ENOTDIR/);

    const linkedPts = path.join(scratch, "linked-pts");
    fs.mkdirSync(path.join(linkedPts, "dev"), { recursive: true });
    fs.symlinkSync("/dev/pts", path.join(linkedPts, "dev", "pts"));
    await expect(openJailPtyPair(process.pid, "b", linkedPts)).rejects.toThrow(/ELOOP|ENOTDIR/);

    const plain = path.join(scratch, "plain");
    fs.mkdirSync(path.join(plain, "dev", "pts"), { recursive: true });
    fs.symlinkSync("/dev/ptmx", path.join(plain, "dev", "pts", "ptmx"));
    await expect(openJailPtyPair(process.pid, "c", plain)).rejects.toThrow(/not a devpts file system/);
  });

  it("leaves no fd open after a refusal", async () => {
    const before = fs.readdirSync("/proc/self/fd").length;
    await expect(openJailPtyPair(process.pid, "d", path.join(scratch, "plain"))).rejects.toThrow();
    expect(fs.readdirSync("/proc/self/fd").length).toBe(before);
  });
});
