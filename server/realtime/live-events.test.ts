import { describe, expect, it } from "vitest";
import type { ProcessSnapshot } from "@/server/agent/protocol";
import { agentConnection } from "@/server/agent-client/connection";
import { recordedAgentHooks } from "@/server/api/test-support/recorded-agent";
import { openSocketBed, SOCKET_CALLERS } from "@/server/api/test-support/socket-bed";
import { registerLiveEvents } from "./live-events";

const agentSocket = recordedAgentHooks();
const { connect: client } = openSocketBed(SOCKET_CALLERS, (io) => {
  const feed = registerLiveEvents(io, agentConnection(agentSocket()), 200);
  return () => feed.stop();
});

function watchAs(as: string): Promise<ProcessSnapshot> {
  const socket = client(as);
  return new Promise((resolve, reject) => {
    socket.once("processes:full", (full: { snapshot: ProcessSnapshot }) => resolve(full.snapshot));
    socket.emit("processes:watch", {}, (reply: { ok: boolean; message?: string }) => !reply.ok && reject(new Error(reply.message)));
  });
}

describe("live process events", () => {
  it("sends an admin the whole host, host processes included", async () => {
    const snapshot = await watchAs("admin");
    const jails = new Set(snapshot.processes.map((process) => process.jail));
    expect(jails).toEqual(new Set([null, "www1", "db1", "dev1"]));
  });

  it("sends a viewer of one jail only that jail's processes", async () => {
    const snapshot = await watchAs("www");
    expect(snapshot.processes.length).toBeGreaterThan(0);
    expect(new Set(snapshot.processes.map((process) => process.jail))).toEqual(new Set(["www1"]));
  });

  it("refuses a user with no grant, through the event's declared permission", async () => {
    await expect(watchAs("nobody")).rejects.toThrow(/permission/);
  });

  it("refuses a malformed payload", async () => {
    const reply = await client("admin").emitWithAck("processes:watch", { extra: true });
    expect(reply).toMatchObject({ ok: false, code: "BAD_REQUEST" });
  });

  it("keeps sending deltas in sequence once a second tick has passed", async () => {
    const socket = client("admin");
    const seqs: number[] = [];
    socket.on("processes:delta", (delta: { seq: number }) => seqs.push(delta.seq));
    socket.emit("processes:watch", {});
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect(seqs.length).toBeGreaterThanOrEqual(2);
    expect(seqs).toEqual(seqs.map((_, index) => seqs[0]! + index));
  });
});
