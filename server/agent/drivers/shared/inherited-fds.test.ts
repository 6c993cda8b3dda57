import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import { afterEach, describe, expect, it } from "vitest";
import { inheritableFds, sealedStdio } from "./inherited-fds";

const native = createRequire(import.meta.url)("@lydell/node-pty-linux-x64/pty.node") as {
  open(cols: number, rows: number): { master: number; slave: number };
};

/** What `ls -l /proc/self/fd` of a child shows, one "fd -> target" per line. */
const childFds = (stdio: Parameters<typeof spawnSync>[2]) =>
  String(spawnSync("/bin/ls", ["-l", "/proc/self/fd"], stdio).stdout)
    .split("\n")
    .filter((line) => line.includes(" -> "))
    .map((line) => line.slice(line.lastIndexOf(" ", line.indexOf(" -> ") - 1) + 1));

describe.skipIf(process.platform !== "linux")("sealedStdio", () => {
  const opened: number[] = [];
  afterEach(() => opened.splice(0).forEach((fd) => fs.closeSync(fd)));

  it("finds node-pty's PTY fds inheritable and Node's own fds not", () => {
    const pair = native.open(80, 24);
    opened.push(pair.master, pair.slave);
    const own = fs.openSync("/dev/null", "r");
    opened.push(own);
    expect(inheritableFds()).toEqual(expect.arrayContaining([pair.master, pair.slave]));
    expect(inheritableFds()).not.toContain(own);
  });

  it("gives a child /dev/null where the parent has a PTY fd; without it the child gets the PTY", () => {
    const pair = native.open(80, 24);
    opened.push(pair.master, pair.slave);
    const unsealed = childFds({ stdio: ["ignore", "pipe", "ignore"] });
    expect(unsealed).toEqual(expect.arrayContaining([`${pair.master} -> /dev/ptmx`]));
    const sealed = childFds({ stdio: sealedStdio(["ignore", "pipe", "ignore"]) });
    expect(sealed).toEqual(expect.arrayContaining([`${pair.master} -> /dev/null`, `${pair.slave} -> /dev/null`]));
    expect(sealed.filter((fd) => /ptmx|\/dev\/pts\//.test(fd))).toEqual([]);
  });

  it("adds nothing when no fd is inheritable beyond the given stdio", () => {
    const before = inheritableFds();
    // The test runner itself may hold some; only those can extend the array.
    const sealed = sealedStdio(["ignore", "pipe", "pipe"]);
    expect(sealed.length).toBe(Math.max(3, ...before.map((fd) => fd + 1)));
    expect(execFileSync("/bin/true", { stdio: sealed }).toString()).toBe("");
  });
});
