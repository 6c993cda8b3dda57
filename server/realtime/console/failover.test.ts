import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Socket as ClientSocket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Caller } from "@/server/api/init";
import { startShellAgent, type ShellAgent } from "@/server/api/test-support/shell-agent";
import { grant, openSocketBed } from "@/server/api/test-support/socket-bed";
import { registerConsoleEvents } from "./console-events";
import type { ConsoleRelay } from "./relay";

// Two web processes' console relays (each its own socket.io server and recordings folder) on one
// agent: the session is the agent's, so the second reattaches to what the first opened.

const callers: Record<string, Caller> = {
  op: { id: "o", username: "op", name: "O", grants: [grant("operator", "jail", "www1")] },
  watcher: { id: "w", username: "watcher", name: "W", grants: [grant("viewer", "jail", "www1")] },
  elsewhere: { id: "e", username: "elsewhere", name: "E", grants: [grant("operator", "jail", "db1")] },
};

let agent: ShellAgent;
const recordings = fs.mkdtempSync(path.join(os.tmpdir(), "stk-failover-"));

beforeAll(async () => {
  agent = await startShellAgent();
});
afterAll(async () => {
  await agent?.close();
  fs.rmSync(recordings, { recursive: true, force: true });
});

function webProcess(name: string) {
  let relay: ConsoleRelay | undefined;
  const bed = openSocketBed(callers, (io) => {
    relay = registerConsoleEvents(io, agent.conn, {
      recordingsDir: path.join(recordings, name),
      maxRecordingBytes: 1024 * 1024,
      audit: () => undefined,
      refresh: async () => true,
    });
    return () => relay?.close();
  });
  return { connect: bed.connect, relay: () => relay! };
}
const first = webProcess("a");
const second = webProcess("b");

type Reply = { ok: true; data: { session: { id: string }; from: number } } | { ok: false; code: string; message: string };

/** A browser tab's view of one socket: the bytes it received per session. */
function tab(socket: ClientSocket) {
  let text = "";
  socket.on("console:data", (_id: string, data: Buffer) => (text += data.toString("utf8")));
  return {
    socket,
    text: () => text,
    emit: (event: string, payload: unknown) => socket.emitWithAck(event, payload) as Promise<Reply>,
    type: (id: string, line: string) => socket.emitWithAck("console:input", { jail: "www1", id, data: new TextEncoder().encode(line) }),
  };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("a console outlives the web process that opened it", () => {
  it("reattaches through another web process from the last byte received, with the grant checked again there", async () => {
    const before = tab(first.connect("op"));
    const opened = await before.emit("console:open", { jail: "www1", cols: 80, rows: 24 });
    if (!opened.ok) throw new Error(opened.message);
    const id = opened.data.session.id;
    await before.type(id, "echo pid=$$\n");
    await until(() => /pid=\d+\r\n/.test(before.text()), "the pid through the first process");
    const pid = /pid=(\d+)\r\n/.exec(before.text())![1];
    const received = Buffer.byteLength(before.text());

    // The first process goes away: its streams to the agent close, the session stays in the agent.
    first.relay().close();

    const watcher = tab(second.connect("watcher"));
    expect(await watcher.emit("console:attach", { jail: "www1", id, since: 0 })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    const elsewhere = tab(second.connect("elsewhere"));
    expect(await elsewhere.emit("console:attach", { jail: "www1", id, since: 0 })).toMatchObject({ ok: false, code: "FORBIDDEN" });

    const after = tab(second.connect("op"));
    const again = await after.emit("console:attach", { jail: "www1", id, since: received });
    expect(again).toMatchObject({ ok: true, data: { session: { id }, from: received } });
    await after.type(id, "echo same=$$\n");
    await until(() => after.text().includes(`same=${pid}\r\n`), "the same shell through the second process");
    // Only what the first process had not delivered: nothing of the earlier output again.
    expect(after.text()).not.toContain(`pid=${pid}`);
    expect(second.relay().attachedCount).toBe(1);
  });
});
