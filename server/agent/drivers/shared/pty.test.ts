import { describe, expect, it } from "vitest";
import { createNodePtySpawner } from "./pty";

type NodePty = typeof import("@lydell/node-pty");

/** A node-pty stand-in that records what it was asked and lets the test end the child. */
function fakeNodePty() {
  const spawned: unknown[] = [];
  const calls: string[] = [];
  let exit: (e: { exitCode: number }) => void = () => {};
  const pty = {
    pid: 7,
    onData: () => ({ dispose() {} }),
    onExit: (listener: (e: { exitCode: number }) => void) => {
      const previous = exit;
      exit = (e) => {
        previous(e);
        listener(e);
      };
      return { dispose() {} };
    },
    resize: (cols: number, rows: number) => calls.push(`resize ${cols}x${rows}`),
    write: () => calls.push("write"),
    kill: (signal: string) => calls.push(`kill ${signal}`),
  };
  const module = {
    spawn: (file: string, args: string[], options: object) => {
      spawned.push(file, args, options);
      return pty;
    },
  } as unknown as NodePty;
  return { module, spawned, calls, exit: (exitCode: number) => exit({ exitCode }) };
}

describe("createNodePtySpawner", () => {
  it("answers unsupported when node-pty has no native module for this platform", async () => {
    const spawner = createNodePtySpawner(() =>
      Promise.reject(new Error("The @lydell/node-pty package currently does not support your platform: freebsd-x64\nmore")),
    );
    await expect(spawner("/usr/sbin/jexec", ["-l", "www1"], { cols: 80, rows: 24 }, { TERM: "xterm-256color" })).rejects.toMatchObject({
      name: "AgentError",
      code: "unsupported",
      message: expect.stringContaining("does not support your platform: freebsd-x64"),
    });
  });

  it("spawns the given file with exactly the given environment", async () => {
    const fake = fakeNodePty();
    const session = await createNodePtySpawner(async () => fake.module)(
      "/usr/sbin/jexec",
      ["-l", "www1"],
      { cols: 80, rows: 24 },
      { TERM: "xterm-256color" },
    );
    expect(session.pid).toBe(7);
    expect(fake.spawned).toEqual([
      "/usr/sbin/jexec",
      ["-l", "www1"],
      { name: "xterm-256color", cols: 80, rows: 24, encoding: null, env: { TERM: "xterm-256color" } },
    ]);
  });

  it("ignores write, resize and close once the child has exited", async () => {
    const fake = fakeNodePty();
    const session = await createNodePtySpawner(async () => fake.module)("lxc-attach", [], { cols: 80, rows: 24 }, { PATH: "/usr/bin" });
    session.resize({ cols: 100, rows: 30 });
    fake.exit(0);
    session.write(new Uint8Array([0x61]));
    session.resize({ cols: 120, rows: 40 });
    session.close();
    expect(fake.calls).toEqual(["resize 100x30"]);
  });

  it("delivers what the child printed last before its exit, even while paused (real node-pty)", async () => {
    const session = await createNodePtySpawner()(
      "/bin/sh",
      ["-c", "stty -opost; head -c 3000 /dev/zero | tr '\\0' x"],
      { cols: 80, rows: 24 },
      {
        PATH: "/usr/bin:/bin",
      },
    );
    let received = 0;
    session.onData((data) => {
      received += data.length;
    });
    session.pause();
    const exited = await new Promise<number>((resolve) => session.onExit(() => resolve(received)));
    expect(exited).toBe(3000);
  });

  it("delivers the whole tail when a slow reader was far behind as the child exited (real node-pty)", async () => {
    // libuv ends the reader at its first short read after the hangup; the PTY still holds most of this.
    const bytes = 300_000;
    const session = await createNodePtySpawner()(
      "/bin/sh",
      ["-c", `stty -opost; head -c ${bytes} /dev/zero | tr '\\0' x`],
      { cols: 80, rows: 24 },
      { PATH: "/usr/bin:/bin" },
    );
    let received = 0;
    session.onData((data) => {
      received += data.length;
      // A slow client: every chunk pauses the reader for a moment.
      session.pause();
      setTimeout(() => session.resume(), 30);
    });
    const exited = await new Promise<number>((resolve) => session.onExit(() => resolve(received)));
    expect(exited).toBe(bytes);
  }, 20_000);
});
