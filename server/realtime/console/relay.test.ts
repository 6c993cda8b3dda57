import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Socket } from "socket.io";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEntry } from "@/server/api/audit";
import type { Caller } from "@/server/api/init";
import { startShellAgent, type ShellAgent } from "@/server/api/test-support/shell-agent";
import { grant, openSocketBed } from "@/server/api/test-support/socket-bed";
import { registerConsoleEvents } from "./console-events";
import { UNACKED_HIGH, UNACKED_MAX } from "./attachment";

const viewers: Record<string, Caller> = {
  admin: { id: "a", username: "admin", name: "A", grants: [grant("admin", "host", "local")] },
  op: { id: "o", username: "op", name: "O", grants: [grant("operator", "jail", "www1"), grant("operator", "jail", "old1")] },
  watcher: { id: "w", username: "watcher", name: "W", grants: [grant("viewer", "jail", "www1")] },
  gone: { id: "g", username: "gone", name: "G", grants: [grant("operator", "jail", "www1")] },
};
const disabled = new Set<string>();

let agent: ShellAgent;
const audits: AuditEntry[] = [];
const recordings = fs.mkdtempSync(path.join(os.tmpdir(), "stk-recordings-"));

beforeAll(async () => {
  agent = await startShellAgent();
});
afterAll(async () => {
  await agent?.close();
  fs.rmSync(recordings, { recursive: true, force: true });
});

const refresh = async (socket: Socket) => {
  if (!disabled.has((socket.data as { caller: Caller }).caller.username)) return true;
  socket.disconnect(true);
  return false;
};
const { connect } = openSocketBed(viewers, (io) => {
  const relay = registerConsoleEvents(io, agent.conn, {
    recordingsDir: recordings,
    maxRecordingBytes: 4 * 1024 * 1024,
    audit: (entry) => audits.push(entry),
    refresh,
    revalidateMs: 500,
  });
  return () => relay.close();
});

type Reply = { ok: true; data: { session: { id: string }; from: number } } | { ok: false; code: string; message: string };

/** A browser stand-in: acknowledges every byte it receives unless told not to. */
function client(as: string, { ack = true } = {}) {
  const socket = connect(as);
  const received = new Map<string, Buffer>();
  const states: { id: string; state: string; message: string }[] = [];
  socket.on("console:data", (id: string, data: Buffer) => {
    received.set(id, Buffer.concat([received.get(id) ?? Buffer.alloc(0), data]));
    if (ack) socket.emit("console:ack", { jail: "www1", id, bytes: data.length });
  });
  socket.on("console:state", (s: (typeof states)[number]) => states.push(s));
  const emit = (event: string, payload: unknown) => socket.emitWithAck(event, payload) as Promise<Reply>;
  const text = (id: string) => received.get(id)?.toString("utf8") ?? "";
  return { socket, received, states, emit, text };
}

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function openAs(as: string) {
  const c = client(as);
  const reply = await c.emit("console:open", { jail: "www1", cols: 80, rows: 24 });
  if (!reply.ok) throw new Error(reply.message);
  const id = reply.data.session.id;
  const type = (line: string) => c.emit("console:input", { jail: "www1", id, data: new TextEncoder().encode(line) });
  return { ...c, id, type };
}

describe("console relay", () => {
  it("opens a shell, carries typed bytes in and binary output out, and records both", async () => {
    const op = await openAs("op");
    expect((await op.type("echo hi-$((6*7)) ünï€\n")).ok).toBe(true);
    await until(() => op.text(op.id).includes("hi-42 ünï€\r\n"), "the echo");
    expect(Buffer.isBuffer(op.received.get(op.id))).toBe(true);
    await until(() => fs.existsSync(path.join(recordings, `${op.id}.cast`)), "the recording");
    await until(() => fs.readFileSync(path.join(recordings, `${op.id}.cast`), "utf8").includes("hi-42 ünï€\\r\\n"), "recorded output");
    const lines = fs
      .readFileSync(path.join(recordings, `${op.id}.cast`), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ version: 2, width: 80, height: 24, title: "www1 — op" });
    expect(lines.find((l) => l[1] === "i")?.[2]).toBe("echo hi-$((6*7)) ünï€\n");
    expect(audits).toContainEqual(
      expect.objectContaining({ action: "console.open", target: "www1", details: expect.objectContaining({ session: op.id }) }),
    );
  });

  it("lets a viewer watch live, refuses their input and resize, and lists who is attached", async () => {
    const op = await openAs("op");
    const watcher = client("watcher");
    const watched = await watcher.emit("console:watch", { jail: "www1", id: op.id });
    expect(watched.ok).toBe(true);
    await op.type("echo live-$((2+3))\n");
    await until(() => watcher.text(op.id).includes("live-5\r\n"), "the watcher to see live output");
    const typed = await watcher.emit("console:input", { jail: "www1", id: op.id, data: new TextEncoder().encode("echo sneaky\n") });
    expect(typed).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await watcher.emit("console:resize", { jail: "www1", id: op.id, cols: 100, rows: 30 })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    const list = (await op.emit("console:list", { jail: "www1" })) as unknown as { data: { id: string; viewers: unknown[] }[] };
    expect(list.data.find((s) => s.id === op.id)?.viewers).toEqual([
      { username: "op", mode: "interactive" },
      { username: "watcher", mode: "watch" },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(op.text(op.id)).not.toContain("sneaky");
  });

  it("refuses bad sizes and oversized input with a clear message; the session goes on", async () => {
    const op = await openAs("op");
    const resize = (cols: unknown, rows: unknown) => op.emit("console:resize", { jail: "www1", id: op.id, cols, rows });
    expect(await resize(0, 0)).toMatchObject({ ok: false, code: "BAD_REQUEST", message: "cols must be at least 2" });
    expect(await resize(10000, 10000)).toMatchObject({ ok: false, code: "BAD_REQUEST", message: "cols must be at most 1000" });
    expect(await resize("wide", 24)).toMatchObject({ ok: false, code: "BAD_REQUEST", message: "cols must be a number" });
    const big = await op.emit("console:input", { jail: "www1", id: op.id, data: new Uint8Array(100 * 1024) });
    expect(big).toMatchObject({
      ok: false,
      code: "BAD_REQUEST",
      message: expect.stringMatching(/Input frame too large: at most 65536 bytes/),
    });
    expect((await resize(100, 30)).ok).toBe(true);
    await op.type("stty size\n");
    await until(() => op.text(op.id).includes("30 100\r\n"), "the new size");
  });

  it("refuses a jail out of scope, an unknown session, and a stopped jail, opening nothing", async () => {
    const op = client("op");
    expect(await op.emit("console:open", { jail: "db1", cols: 80, rows: 24 })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    const unknown = await op.emit("console:attach", { jail: "www1", id: "0".repeat(24) });
    expect(unknown).toMatchObject({ ok: false, code: "NOT_FOUND", message: expect.stringContaining("No console session") });
    expect(await op.emit("console:open", { jail: "old1", cols: 80, rows: 24 })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not running/i),
    });
  });

  it("does not attach a session to a jail it does not belong to", async () => {
    const admin = await openAs("admin");
    const op = client("op");
    expect(await op.emit("console:attach", { jail: "old1", id: admin.id })).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });

  it("cuts off a disabled user within 2 s", async () => {
    const gone = await openAs("gone");
    const disconnected = new Promise((resolve) => gone.socket.once("disconnect", resolve));
    const started = Date.now();
    disabled.add("gone");
    await disconnected;
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("lets an admin end anyone's session; its viewers hear it ended; an operator may not", async () => {
    const op = await openAs("op");
    expect(await op.emit("console:end", { jail: "www1", id: op.id })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    const admin = client("admin");
    expect((await admin.emit("console:end", { jail: "www1", id: op.id })).ok).toBe(true);
    await until(() => op.states.some((s) => s.id === op.id && s.state === "ended"), "the ended state");
    expect(audits).toContainEqual(expect.objectContaining({ action: "console.end", actorName: "admin" }));
  });

  it("stops forwarding a flood while the browser does not acknowledge, and resumes when it does", async () => {
    const slow = client("op", { ack: false });
    const reply = await slow.emit("console:open", { jail: "www1", cols: 80, rows: 24 });
    if (!reply.ok) throw new Error(reply.message);
    const id = reply.data.session.id;
    await slow.emit("console:input", { jail: "www1", id, data: new TextEncoder().encode("yes | head -c 30000000\n") });
    await until(() => (slow.received.get(id)?.length ?? 0) > UNACKED_HIGH, "the window to fill");
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stalled = slow.received.get(id)!.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(slow.received.get(id)!.length).toBe(stalled);
    expect(stalled).toBeLessThan(2 * UNACKED_HIGH);
    slow.socket.emit("console:ack", { jail: "www1", id, bytes: stalled });
    await until(() => slow.received.get(id)!.length > stalled + UNACKED_HIGH / 2, "the flood to resume");
    await slow.emit("console:input", { jail: "www1", id, data: new Uint8Array([3]) });
  });

  it("gives a browser that asks for a larger window more output in flight, up to UNACKED_MAX", async () => {
    const fast = client("op", { ack: false });
    const reply = await fast.emit("console:open", { jail: "www1", cols: 80, rows: 24 });
    if (!reply.ok) throw new Error(reply.message);
    const id = reply.data.session.id;
    const received = () => fast.received.get(id)?.length ?? 0;
    /** What arrived once the flow stopped: nothing more within 400 ms. */
    const stalled = async () => {
      for (let last = -1; ;) {
        await new Promise((resolve) => setTimeout(resolve, 400));
        if (received() === last) return last;
        last = received();
      }
    };
    await fast.emit("console:input", { jail: "www1", id, data: new TextEncoder().encode("yes | head -c 30000000\n") });
    expect(await stalled()).toBeLessThan(2 * UNACKED_HIGH);
    const window = 2 * 1024 * 1024;
    fast.socket.emit("console:ack", { jail: "www1", id, bytes: 0, window });
    const second = await stalled();
    expect(second).toBeGreaterThan(window);
    expect(second).toBeLessThan(window + UNACKED_HIGH);
    // Far more than the web keeps in flight for anyone.
    fast.socket.emit("console:ack", { jail: "www1", id, bytes: 0, window: 1 << 30 });
    const third = await stalled();
    expect(third).toBeGreaterThan(UNACKED_MAX);
    expect(third).toBeLessThan(UNACKED_MAX + UNACKED_HIGH);
    await fast.emit("console:input", { jail: "www1", id, data: new Uint8Array([3]) });
  }, 20_000);

  it("a reattaching tab replays the scrollback and reaches the same shell", async () => {
    const op = await openAs("op");
    await op.type("echo pid=$$\n");
    await until(() => /pid=\d+\r\n/.test(op.text(op.id)), "the pid");
    const pid = /pid=(\d+)\r\n/.exec(op.text(op.id))![1];
    op.socket.close();
    const again = client("op");
    expect((await again.emit("console:attach", { jail: "www1", id: op.id })).ok).toBe(true);
    await until(() => again.text(op.id).includes(`pid=${pid}`), "the replayed output");
    await again.emit("console:input", { jail: "www1", id: op.id, data: new TextEncoder().encode("echo same=$$\n") });
    await until(() => again.text(op.id).includes(`same=${pid}\r\n`), "the same shell");
  });
});
