import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentConnection } from "@/server/agent-client/connection";
import type { RunningAgent } from "@/server/agent/agent";
import type { AgentEvent } from "@/server/agent/protocol";
import { createBuildingJail, DEBOOTSTRAP_OUTPUT, startTemplateBuildAgent } from "@/server/agent/test-support/template-build-agent";
import { openSocketBed, SOCKET_CALLERS } from "@/server/api/test-support/socket-bed";
import { registerJailEvents } from "./jail-events";

let dir: string;
let agent: RunningAgent | undefined;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "stk-template-progress-"));
  agent = await startTemplateBuildAgent(dir, { bridge: "stktplp0", pool: "10.213.11.0/28" });
});
afterAll(async () => {
  await agent?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("a template build's progress, from the agent to the create form (Linux driver, recording runner)", () => {
  const { connect } = openSocketBed(SOCKET_CALLERS, (io) => {
    const relay = registerJailEvents(io, agentConnection(path.join(dir, "agent.sock")));
    return () => relay.stop();
  });

  it("reports debootstrap of the Debian base under template:debian to this host's templates room, up to done", async () => {
    const admin = connect("admin");
    const received: AgentEvent[] = [];
    const done = new Promise<void>((resolve) =>
      admin.on("templates:progress", (event: AgentEvent) => {
        received.push(event);
        if (event.type === "progress" && event.done) resolve();
      }),
    );
    expect(await admin.emitWithAck("templates:follow", {})).toMatchObject({ ok: true });
    expect((await createBuildingJail(agent!)).firstCommand).toBe("debootstrap");
    await Promise.race([done, new Promise((_, reject) => setTimeout(() => reject(new Error("no template build done event")), 5_000))]);
    const progress = received.flatMap((event) => (event.type === "progress" ? [event] : []));
    expect(new Set(progress.map((event) => event.task))).toEqual(new Set(["template:debian"]));
    // Without `host` the follow is this machine's, and every event names it.
    expect(new Set(received.map((event) => (event as { host?: string }).host))).toEqual(new Set(["local"]));
    const messages = progress.map((event) => event.message);
    for (const line of DEBOOTSTRAP_OUTPUT) expect(messages).toContain(line.replace(/^I: /, ""));
    const fractions = progress.map((event) => event.fraction ?? 0);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(progress.at(-1)).toMatchObject({ done: true, fraction: 1, message: "finished" });
  });
});
