import { createServer, type Server } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentConnection, endConsole, listConsoles } from "../../agent-client";
import { openConsole, type ConsoleStream } from "../../agent-client/console";
import { ConsoleSessions } from "../console/sessions";
import { createNodePtySpawner } from "../drivers/shared/pty";
import type { AgentMethods } from "../methods";
import { EventBus } from "../methods/events";
import { createRequestHandler } from "./http";
import { createUpgradeHandler } from "./streams";

// A real PTY running the host's /bin/sh stands in for a jail: the stream, the scrollback and flow control are what is tested.
const spawnSh = createNodePtySpawner();
const consoles = new ConsoleSessions((_jail, size) => spawnSh("/bin/sh", [], size, { TERM: "xterm-256color" }), {
  idleMs: 60_000,
  scrollbackBytes: 64 * 1024,
});
const dir = mkdtempSync(path.join(tmpdir(), "stk-console-"));
const conn = agentConnection(path.join(dir, "agent.sock"));
let server: Server;
let upgrades: ReturnType<typeof createUpgradeHandler>;

beforeAll(async () => {
  const methods = { consoles, events: new EventBus(), call: async (method: string, input: unknown) => callConsoles(method, input) };
  const log = pino({ level: "silent" });
  server = createServer(createRequestHandler(methods as unknown as AgentMethods, log));
  upgrades = createUpgradeHandler(methods as unknown as AgentMethods, log);
  server.on("upgrade", upgrades.handler);
  await new Promise<void>((resolve) => server.listen(conn.socketPath, resolve));
});
afterAll(async () => {
  consoles.closeAll();
  upgrades.close();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

function callConsoles(method: string, input: unknown): unknown {
  if (method === "consoles.list") return consoles.list((input as { jail?: string }).jail);
  return consoles.end((input as { id: string }).id);
}

function collect(stream: ConsoleStream) {
  const got = { bytes: Buffer.alloc(0) };
  stream.onData((chunk) => (got.bytes = Buffer.concat([got.bytes, chunk])));
  return got;
}

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("console streams", () => {
  it("carries bytes both ways: a multi-byte line and raw binary arrive intact", async () => {
    const stream = await openConsole(conn, { jail: "local", cols: 80, rows: 24 });
    const got = collect(stream);
    // Raw mode: the PTY passes NUL and 0xff through untranslated. The echoed command line holds only backslash escapes.
    stream.write(Buffer.from("stty raw -echo; printf '\\342\\202\\254 \\000\\377 done'\n"));
    const expected = Buffer.concat([Buffer.from("€ \0"), Buffer.from([0xff]), Buffer.from(" done")]);
    await until(() => got.bytes.includes(expected), "the euro sign, NUL and 0xff");
    stream.close();
  });

  it("keeps the shell when the stream closes and replays only what a reattaching client lacks", async () => {
    const first = await openConsole(conn, { jail: "local", cols: 80, rows: 24 });
    const got = collect(first);
    first.write(Buffer.from("echo pid=$$\n"));
    await until(() => /pid=\d+\r?\n/.test(got.bytes.toString()), "the pid");
    const pid = /pid=(\d+)\r?\n/.exec(got.bytes.toString())![1];
    const had = first.from + got.bytes.length;
    first.close();
    await until(() => consoles.list().find((s) => s.id === first.session.id)?.attached === 0, "the detach");
    const again = await openConsole(conn, { id: first.session.id, since: had });
    expect(again.from).toBe(had);
    const more = collect(again);
    again.write(Buffer.from("echo again=$$\n"));
    await until(() => more.bytes.toString().includes(`again=${pid}`), "the same shell");
    const replay = await openConsole(conn, { id: first.session.id });
    expect(replay.from).toBe(0);
    expect(collect(replay).bytes.toString()).toContain(`pid=${pid}`);
    again.close();
    replay.close();
  });

  it("stops reading the PTY while the client says pause, so a flood waits", async () => {
    const stream = await openConsole(conn, { jail: "local", cols: 80, rows: 24 });
    const got = collect(stream);
    stream.write(Buffer.from("yes | head -c 50000000\n"));
    await until(() => got.bytes.length > 100_000, "the flood");
    stream.pause();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const atPause = got.bytes.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    // What was in flight when the pause landed, and nothing after: a PTY buffer is a few KB.
    expect(got.bytes.length - atPause).toBeLessThan(256 * 1024);
    stream.resume();
    await until(() => got.bytes.length > atPause + 1_000_000, "the flood to go on");
    stream.write(Buffer.from([3]));
    stream.close();
  });

  it("sends a flood in frames far larger than PTY reads, and a lone echo at once", async () => {
    const stream = await openConsole(conn, { jail: "local", cols: 80, rows: 24 });
    let frames = 0;
    let tail = "";
    stream.onData((chunk) => {
      frames++;
      tail = (tail + chunk.toString("latin1")).slice(-64);
    });
    stream.write(Buffer.from("yes | head -c 4000000; echo FLOOD-$((2*3))\n"));
    await until(() => tail.includes("FLOOD-6"), "the flood", 10_000);
    // A frame per PTY read (4 KB at most) would be 1,000 frames or more.
    expect(frames).toBeLessThan(1000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = frames;
    const started = performance.now();
    stream.write(Buffer.from("x"));
    await until(() => frames > before, "the echo");
    expect(performance.now() - started).toBeLessThan(50);
    stream.write(Buffer.from([3]));
    stream.close();
  });

  it("refuses an oversized input frame with a clear notice and the session goes on", async () => {
    const stream = await openConsole(conn, { jail: "local", cols: 80, rows: 24 });
    const got = collect(stream);
    const notices: string[] = [];
    stream.onNotice((message) => notices.push(message));
    stream.write(Buffer.alloc(100 * 1024, 0x61));
    await until(() => notices.length > 0, "the refusal");
    expect(notices[0]).toMatch(/Input frame of 102400 bytes refused: at most 65536/);
    stream.write(Buffer.from("echo still-here\n"));
    await until(() => got.bytes.toString().includes("still-here\r\n"), "the session to go on");
    stream.close();
  });

  it("lists sessions and ends one: its streams hear why", async () => {
    const stream = await openConsole(conn, { jail: "local", cols: 80, rows: 24 });
    const ended = new Promise((resolve) => stream.onEnd(resolve));
    expect((await listConsoles(conn, "local")).map((s) => s.id)).toContain(stream.session.id);
    await endConsole(conn, stream.session.id);
    expect(await ended).toEqual({ kind: "ended", reason: "ended" });
    await expect(openConsole(conn, { id: stream.session.id })).rejects.toMatchObject({ code: "not_found" });
  });

  it("refuses a resize to 0×0 without closing the stream", async () => {
    const stream = await openConsole(conn, { jail: "local", cols: 80, rows: 24 });
    const notices: string[] = [];
    stream.onNotice((message) => notices.push(message));
    stream.resize(0, 0);
    await until(() => notices.length > 0, "the refusal");
    expect(notices[0]).toMatch(/Bad console frame/);
    stream.close();
  });
});
