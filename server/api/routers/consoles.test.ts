import { mkdir, writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRouterBed } from "../test-support/router-bed";

// Both hosts serve the recorded FreeBSD jails (www1 tagged web, db1, dev1): a session on one
// host's dev1 must never be listed or replayed as the other host's dev1.
const { caller, db } = await openRouterBed({ agent: true });
const { makeHostCaller } = await import("../test-support/callers");
const { startRemoteHost } = await import("@/server/fleet/test-support/remote-host");
const { recordingFile, recordingHref, recordingsDir } = await import("@/server/console/recordings");
const { webConfig } = await import("@/server/config");

const HOST_B = "consoles-b";
const LOCAL_DEV = "a".repeat(24);
const B_DEV = "b".repeat(24);
const B_WWW = "c".repeat(24);
const B_UNRECORDED = "d".repeat(24);
let hostB: Awaited<ReturnType<typeof startRemoteHost>>;

async function opened(hostId: string, jail: string, session: string, at: number, recorded = true): Promise<void> {
  await db().auditEvent.create({
    data: {
      actorName: "opener",
      action: "console.open",
      hostId,
      targetType: "jail",
      target: jail,
      result: "ok",
      at: new Date(at),
      details: JSON.stringify({ session, recording: recordingHref(jail, session, hostId) }),
    },
  });
  if (recorded) await writeFile(recordingFile(recordingsDir(webConfig().dataDir), session), `{"version":2,"width":80,"height":24}\n`);
}

beforeAll(async () => {
  hostB = await startRemoteHost(db(), HOST_B);
  await mkdir(recordingsDir(webConfig().dataDir), { recursive: true });
  await opened("local", "dev1", LOCAL_DEV, 1_000);
  await opened(HOST_B, "dev1", B_DEV, 2_000);
  await opened(HOST_B, "www1", B_WWW, 3_000);
  await opened(HOST_B, "db1", B_UNRECORDED, 4_000, false);
});
afterAll(() => hostB?.close());

const ids = (sessions: { id: string }[]) => sessions.map((session) => session.id);

describe("console sessions and recordings per host", () => {
  it("lists a host's sessions for a watcher of the whole host, newest first, saying which were recorded", async () => {
    const admin = caller(await makeHostCaller("cs-admin", "admin", HOST_B, "host", HOST_B));
    const sessions = await admin.consoles.recent({ host: HOST_B });
    expect(sessions.map((s) => [s.jail, s.id, s.recorded])).toEqual([
      ["db1", B_UNRECORDED, false],
      ["www1", B_WWW, true],
      ["dev1", B_DEV, true],
    ]);
    // Whole host B is not this machine: its sessions are not offered there.
    await expect(admin.consoles.recent()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("lists and replays only the granted jail's sessions on its own host", async () => {
    const onB = caller(await makeHostCaller("cs-oscar", "operator", HOST_B, "jail", "dev1"));
    expect(ids(await onB.consoles.recent({ host: HOST_B }))).toEqual([B_DEV]);
    await expect(onB.consoles.recording({ host: HOST_B, name: "dev1", id: B_DEV })).resolves.toMatchObject({ openedBy: "opener" });
    // This machine's dev1 session, asked for as host B's: the same jail name, another host.
    await expect(onB.consoles.recording({ host: HOST_B, name: "dev1", id: LOCAL_DEV })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(onB.consoles.recording({ host: HOST_B, name: "www1", id: B_WWW })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("does not replay another host's session to a watcher of this machine's jail of the same name", async () => {
    const onLocal = caller(await makeHostCaller("cs-lola", "viewer", "local", "jail", "dev1"));
    expect(ids(await onLocal.consoles.recent())).toEqual([LOCAL_DEV]);
    await expect(onLocal.consoles.recording({ name: "dev1", id: LOCAL_DEV })).resolves.toMatchObject({ openedBy: "opener" });
    await expect(onLocal.consoles.recording({ name: "dev1", id: B_DEV })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("a tag grant on every host lists the tagged jail's sessions on each host", async () => {
    const tagged = caller(await makeHostCaller("cs-tina", "viewer", null, "tag", "web"));
    expect(ids(await tagged.consoles.recent({ host: HOST_B }))).toEqual([B_WWW]);
  });

  it("links a remote session's recording with its host", () => {
    expect(recordingHref("dev1", B_DEV, HOST_B)).toBe(`/console/recordings/dev1/${B_DEV}?host=${HOST_B}`);
    expect(recordingHref("dev1", LOCAL_DEV, "local")).toBe(`/console/recordings/dev1/${LOCAL_DEV}`);
  });
});
