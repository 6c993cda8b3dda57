import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UserNames } from "./passwd";
import { FakeProc } from "./testing/fake-proc";

const JAIL_PASSWD = "401/root/etc/passwd";
let proc: FakeProc;
let helper: ChildProcess | null = null;

beforeEach(() => {
  proc = new FakeProc();
  fs.mkdirSync(proc.path("401/root/etc"), { recursive: true });
});

afterEach(() => {
  helper?.kill("SIGKILL");
  helper = null;
  proc.dispose();
});

/**
 * Opens the FIFO for writing after a while, so a reader that blocks on it comes back (slowly)
 * instead of hanging the test run forever; the elapsed time then shows that it blocked.
 */
function unblockLater(fifo: string, ms: number): void {
  const script = "setTimeout(() => require('node:fs').writeFileSync(process.argv[1], ''), Number(process.argv[2]))";
  helper = spawn(process.execPath, ["-e", script, fifo, String(ms)], { stdio: "ignore" });
}

describe("UserNames", () => {
  it("resolves names from a regular file and rereads it only when it changes", () => {
    proc.write(JAIL_PASSWD, "root:x:0:0::/root:/bin/sh\nwww:x:1000:1000::/var/www:/bin/false\n");
    const users = new UserNames();
    const first = users.load(proc.path(JAIL_PASSWD));
    expect([...first]).toEqual([
      [0, "root"],
      [1000, "www"],
    ]);
    expect(users.load(proc.path(JAIL_PASSWD))).toBe(first);
    proc.write(JAIL_PASSWD, "root:x:0:0::/root:/bin/sh\nweb:x:1000:1000::/var/www:/bin/false\nextra:x:7:7::/:/bin/sh\n");
    expect(users.load(proc.path(JAIL_PASSWD)).get(1000)).toBe("web");
  });

  it("does not block on a FIFO", () => {
    const fifo = proc.path(JAIL_PASSWD);
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    unblockLater(fifo, 1500);
    const started = Date.now();
    expect(new UserNames().load(fifo).size).toBe(0);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("refuses a symlink, which through /proc/PID/root would resolve against the host's root", () => {
    proc.write("host-secret", "secret:x:0:0::/:/bin/sh\n");
    fs.symlinkSync(proc.path("host-secret"), proc.path(JAIL_PASSWD));
    expect(new UserNames().load(proc.path(JAIL_PASSWD)).size).toBe(0);
  });

  it("refuses an etc that is a symlink", () => {
    proc.write("host-etc/passwd", "secret:x:0:0::/:/bin/sh\n");
    fs.rmSync(proc.path("401/root/etc"), { recursive: true });
    fs.symlinkSync(proc.path("host-etc"), proc.path("401/root/etc"));
    expect(new UserNames().load(proc.path(JAIL_PASSWD)).size).toBe(0);
  });

  it("refuses a file over 1 MiB", () => {
    proc.write(JAIL_PASSWD, `root:x:0:0::/root:/bin/sh\n${"#".repeat(1024 * 1024)}\n`);
    expect(new UserNames().load(proc.path(JAIL_PASSWD)).size).toBe(0);
  });

  it("answers no names for a missing file or a stopped jail", () => {
    expect(new UserNames().load(proc.path(JAIL_PASSWD)).size).toBe(0);
    expect(new UserNames().load(proc.path("999/root/etc/passwd")).size).toBe(0);
  });
});
