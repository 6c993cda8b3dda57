import { describe, expect, it } from "vitest";
import { agentConnection } from "@/server/agent-client/connection";
import { recordedAgentHooks } from "@/server/api/test-support/recorded-agent";
import { openSocketBed, SOCKET_CALLERS } from "@/server/api/test-support/socket-bed";
import { jailOfEvent, registerJailEvents } from "./jail-events";

describe("jailOfEvent", () => {
  it("reads a jail's own events and its create steps, not template builds", () => {
    expect(jailOfEvent({ type: "jail.state", jail: "web1", state: "running", at: 1 })).toBe("web1");
    const progress = { type: "progress" as const, message: "lxc-create", fraction: 0.5, done: false, at: 1 };
    expect(jailOfEvent({ ...progress, task: "create:web1" })).toBe("web1");
    expect(jailOfEvent({ ...progress, task: "template:debian" })).toBeNull();
    expect(jailOfEvent({ ...progress, task: "create:../etc" })).toBeNull();
  });
});

describe("following a jail's events", () => {
  const agentSocket = recordedAgentHooks();
  const { connect } = openSocketBed(SOCKET_CALLERS, (io) => {
    const relay = registerJailEvents(io, agentConnection(agentSocket()));
    return () => relay.stop();
  });

  function ask(as: string, event: string, payload: unknown): Promise<{ ok: boolean; code?: string }> {
    const socket = connect(as);
    return new Promise((resolve) => socket.emit(event, payload, resolve));
  }

  it("lets a viewer follow their own jail only", async () => {
    expect(await ask("www", "jail:follow", { name: "www1" })).toMatchObject({ ok: true });
    expect(await ask("www", "jail:follow", { name: "db1" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await ask("www", "jail:follow", { name: "../x" })).toMatchObject({ ok: false, code: "BAD_REQUEST" });
  });

  it("keeps template builds for those who may create jails on the host the follow names", async () => {
    expect(await ask("www", "templates:follow", {})).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await ask("admin", "templates:follow", {})).toMatchObject({ ok: true });
    expect(await ask("admin", "templates:follow", { host: "local" })).toMatchObject({ ok: true });
    // A web without remote hosts knows this machine only (tests/fleet/template-hosts.test.ts: another host's).
    expect(await ask("admin", "templates:follow", { host: "build2" })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await ask("admin", "templates:follow", { host: "no such host!" })).toMatchObject({ ok: false, code: "BAD_REQUEST" });
    expect(await ask("admin", "templates:follow", { host: "local", template: "debian" })).toMatchObject({ ok: false, code: "BAD_REQUEST" });
  });
});
