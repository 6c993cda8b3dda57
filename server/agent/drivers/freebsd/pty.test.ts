import { describe, expect, it } from "vitest";
import { createNodePtySpawner } from "./pty";

type NodePty = typeof import("@lydell/node-pty");

describe("createNodePtySpawner", () => {
  it("answers unsupported when node-pty has no native module for this platform", async () => {
    const spawner = createNodePtySpawner(() =>
      Promise.reject(new Error("The @lydell/node-pty package currently does not support your platform: freebsd-x64\nmore")),
    );
    await expect(spawner("/usr/sbin/jexec", ["-l", "www1"], { cols: 80, rows: 24 })).rejects.toMatchObject({
      name: "AgentError",
      code: "unsupported",
      message: expect.stringContaining("does not support your platform: freebsd-x64"),
    });
  });

  it("spawns the given file with only TERM in the environment", async () => {
    const spawned: unknown[] = [];
    const fake = {
      spawn: (file: string, args: string[], options: object) => {
        spawned.push(file, args, options);
        return { pid: 7, onData: () => ({ dispose() {} }), onExit: () => ({ dispose() {} }) };
      },
    } as unknown as NodePty;
    const session = await createNodePtySpawner(async () => fake)("/usr/sbin/jexec", ["-l", "www1"], { cols: 80, rows: 24 });
    expect(session.pid).toBe(7);
    expect(spawned).toEqual([
      "/usr/sbin/jexec",
      ["-l", "www1"],
      { name: "xterm-256color", cols: 80, rows: 24, encoding: null, env: { TERM: "xterm-256color" } },
    ]);
  });
});
