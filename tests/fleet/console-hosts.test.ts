import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEntry } from "@/server/api/audit";
import type { Caller } from "@/server/api/init";
import { openFreshDatabase } from "@/server/api/test-support/database";
import { grantOn, openSocketBed } from "@/server/api/test-support/socket-bed";

// Consoles on two hosts behind one socket.io server: this machine's shell agent on its Unix
// socket and a second shell agent over mutual TLS on loopback; each event names its host.

const database = await openFreshDatabase();
const { db } = await import("@/server/db/prisma");
const { hostPlaces, localPlace } = await import("@/server/api/host-place");
const { webConfig } = await import("@/server/config");
const { ensureFleetIdentity, fleetDir } = await import("@/server/fleet/store");
const { startRemoteHost } = await import("@/server/fleet/test-support/remote-host");
const { startShellAgent } = await import("@/server/api/test-support/shell-agent");
const { registerConsoleEvents } = await import("@/server/realtime/console/console-events");

const B = "console-b";
const CALLERS: Record<string, Caller> = {
  bOperator: { id: "bo", username: "bo", name: "BO", grants: [grantOn("operator", B, "jail", "www1")] },
  localOperator: { id: "lo", username: "lo", name: "LO", grants: [grantOn("operator", "local", "jail", "www1")] },
  bWatcher: { id: "bw", username: "bw", name: "BW", grants: [grantOn("viewer", B, "jail", "www1")] },
};

let local: Awaited<ReturnType<typeof startShellAgent>>;
let remote: Awaited<ReturnType<typeof startRemoteHost>>;
const audits: AuditEntry[] = [];
const recordings = fs.mkdtempSync(path.join(os.tmpdir(), "console-hosts-recordings-"));

beforeAll(async () => {
  local = await startShellAgent();
  remote = await startRemoteHost(db(), B, { shellConsoles: true });
}, 60_000);

const { connect } = openSocketBed(CALLERS, (io) => {
  const remoteHosts = hostPlaces(db(), localPlace(local.conn), () => ensureFleetIdentity(fleetDir(webConfig().dataDir)));
  const options = {
    recordingsDir: recordings,
    maxRecordingBytes: 1 << 20,
    audit: (entry: AuditEntry) => audits.push(entry),
    refresh: async () => true,
  };
  const relay = registerConsoleEvents(io, local.conn, options, remoteHosts);
  return () => relay.close();
});

afterAll(async () => {
  await remote?.close();
  await local?.close();
  fs.rmSync(recordings, { recursive: true, force: true });
  database.cleanup();
});

type Reply = { ok: true; data: { session: { id: string } } & { id?: string }[] } | { ok: false; code: string; message: string };

function client(as: string) {
  const socket = connect(as);
  let output = "";
  socket.on("console:data", (id: string, data: Buffer) => {
    output += data.toString("utf8");
    socket.emit("console:ack", { host: B, jail: "www1", id, bytes: data.length });
  });
  const emit = (event: string, payload: unknown) => socket.emitWithAck(event, payload) as Promise<Reply>;
  return { socket, emit, output: () => output };
}

const until = async (probe: () => boolean, what: string) => {
  for (const deadline = Date.now() + 5_000; !probe(); await new Promise((resolve) => setTimeout(resolve, 20))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
};
const listed = async (c: ReturnType<typeof client>, host?: string) => {
  const reply = await c.emit("console:list", host ? { host, jail: "www1" } : { jail: "www1" });
  return reply.ok ? (reply.data as unknown as { id: string }[]).map((session) => session.id) : reply.code;
};

describe("[integration] consoles per host (this machine and a remote agent over mTLS)", () => {
  it("opens a shell on the host the event names, through that agent's PTY stream, audited with that host", async () => {
    const op = client("bOperator");
    const opened = await op.emit("console:open", { host: B, jail: "www1", cols: 80, rows: 24 });
    if (!opened.ok) throw new Error(opened.message);
    const id = opened.data.session.id;
    expect((await op.emit("console:input", { host: B, jail: "www1", id, data: "echo on-b-$((6*7))\n" })).ok).toBe(true);
    await until(() => op.output().includes("on-b-42\r\n"), "the echo from host B's shell");
    // The session lives on B's agent: B lists it, this machine's agent does not know it.
    const localOp = client("localOperator");
    expect(await listed(op, B)).toContain(id);
    expect(await listed(localOp)).not.toContain(id);
    expect(audits).toContainEqual(expect.objectContaining({ action: "console.open", hostId: B, target: "www1" }));
    // Without `host` an event acts on this machine, where this operator holds no grant.
    expect(await op.emit("console:input", { jail: "www1", id, data: "x" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    op.socket.disconnect();
  });

  it("checks each console event against the caller's grants on the host it names", async () => {
    const localOp = client("localOperator");
    expect(await localOp.emit("console:open", { host: B, jail: "www1", cols: 80, rows: 24 })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    expect(await localOp.emit("console:list", { host: B, jail: "www1" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await localOp.emit("console:open", { host: "console-none", jail: "www1", cols: 80, rows: 24 })).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
    });
    const watcher = client("bWatcher");
    expect(await watcher.emit("console:open", { host: B, jail: "www1", cols: 80, rows: 24 })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    expect(await listed(watcher, B)).toEqual(expect.any(Array));
  });

  it("reattaches to a host's session from another socket by its id, same shell", async () => {
    const first = client("bOperator");
    const opened = await first.emit("console:open", { host: B, jail: "www1", cols: 80, rows: 24 });
    if (!opened.ok) throw new Error(opened.message);
    const id = opened.data.session.id;
    await first.emit("console:input", { host: B, jail: "www1", id, data: "echo pid=$$\n" });
    await until(() => /pid=\d+\r\n/.test(first.output()), "the first shell's pid");
    const pid = /pid=(\d+)\r\n/.exec(first.output())![1];
    first.socket.disconnect();
    const again = client("bOperator");
    expect((await again.emit("console:attach", { host: B, jail: "www1", id })).ok).toBe(true);
    await again.emit("console:input", { host: B, jail: "www1", id, data: "echo same=$$\n" });
    await until(() => again.output().includes(`same=${pid}\r\n`), "the same shell answering");
  });
});
