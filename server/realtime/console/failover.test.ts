import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Socket as ClientSocket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Caller } from "@/server/api/init";
import { startShellAgent, type ShellAgent } from "@/server/api/test-support/shell-agent";
import { grant, openSocketBed } from "@/server/api/test-support/socket-bed";
import { listConsoles } from "@/server/agent-client/methods";
import { parseCast } from "@/app/_components/console/cast";
import { recordingFile } from "@/server/console/recordings";
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

/** A web process's console relay; `folder` is its recordings folder (shared when two name the same). */
function webProcess(name: string, folder = name) {
  let relay: ConsoleRelay | undefined;
  const bed = openSocketBed(callers, (io) => {
    relay = registerConsoleEvents(io, agent.conn, {
      recordingsDir: path.join(recordings, folder),
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
const sharedFirst = webProcess("c", "shared");
const sharedSecond = webProcess("d", "shared");
const bothFirst = webProcess("e", "both");
const bothSecond = webProcess("f", "both");

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

  it("continues the same recording through the second process when they share a recordings folder: one file, each byte once", async () => {
    const before = tab(sharedFirst.connect("op"));
    const opened = await before.emit("console:open", { jail: "www1", cols: 80, rows: 24 });
    if (!opened.ok) throw new Error(opened.message);
    const id = opened.data.session.id;
    await before.type(id, "echo part=$((10+1))\n");
    await until(() => /part=11\r\n/.test(before.text()), "the first part");
    const received = Buffer.byteLength(before.text());

    await sharedFirst.relay().close();
    // The agent has seen the first process's stream go: nobody relays the session until the second attaches.
    const attached = async () => (await listConsoles(agent.conn, "www1")).find((session) => session.id === id)?.attached;
    for (let waited = 0; (await attached()) !== 0 && waited < 5000; waited += 50) await new Promise((r) => setTimeout(r, 50));

    const after = tab(sharedSecond.connect("op"));
    expect(await after.emit("console:attach", { jail: "www1", id, since: received })).toMatchObject({ ok: true });
    await after.type(id, "echo part=$((20+2))\n");
    await until(() => /part=22\r\n/.test(after.text()), "the second part");
    await sharedSecond.relay().close();

    const file = recordingFile(path.join(recordings, "shared"), id);
    expect(fs.readdirSync(path.join(recordings, "shared"))).toEqual([path.basename(file)]);
    const cast = fs.readFileSync(file, "utf8");
    const output = parseCast(cast)
      .output.map((event) => event.text)
      .join("");
    expect(output.match(/part=11\r\n/g)).toHaveLength(1);
    expect(output.match(/part=22\r\n/g)).toHaveLength(1);
    expect(cast.match(/"m","recording continued at output byte \d+"/g)).toHaveLength(1);
  });

  it("while both processes relay a session, only the one that was recording it writes the file", async () => {
    const one = tab(bothFirst.connect("op"));
    const opened = await one.emit("console:open", { jail: "www1", cols: 80, rows: 24 });
    if (!opened.ok) throw new Error(opened.message);
    const id = opened.data.session.id;
    const two = tab(bothSecond.connect("op"));
    expect(await two.emit("console:attach", { jail: "www1", id, since: 0 })).toMatchObject({ ok: true });
    await one.type(id, "echo both=$((1+2))\n");
    await until(() => /both=3\r\n/.test(one.text()) && /both=3\r\n/.test(two.text()), "the output through both processes");
    await bothSecond.relay().close();
    await bothFirst.relay().close();
    const cast = fs.readFileSync(recordingFile(path.join(recordings, "both"), id), "utf8");
    expect(
      parseCast(cast)
        .output.map((event) => event.text)
        .join("")
        .match(/both=3\r\n/g),
    ).toHaveLength(1);
    expect(cast).not.toContain("recording continued");
  });
});
