import { createServer, type RequestListener, type Server } from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import type { AgentEvent } from "../agent/protocol";
import { agentConnection, fetchJails, startJail, subscribeAgentEvents, type EventStreamStatus } from "./index";

describe("agent client", () => {
  let dir: string;
  let socketPath: string;
  let server: Server | null = null;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "stk-client-"));
    socketPath = path.join(dir, "agent.sock");
  });

  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((r) => (server ? server.close(r) : r(null)));
    server = null;
    await rm(dir, { recursive: true, force: true });
  });

  function listen(handler: RequestListener): Promise<Server> {
    const s = createServer(handler);
    server = s;
    return new Promise((resolve) => s.listen(socketPath, () => resolve(s)));
  }

  it("says unavailable at once when the socket is missing", async () => {
    const started = Date.now();
    await expect(fetchJails(agentConnection(socketPath))).rejects.toMatchObject({
      code: "unavailable",
      message: expect.stringContaining("no socket file"),
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("rebuilds the agent's error from its body", async () => {
    await listen((_req, res) => {
      res.writeHead(409, { "content-type": "application/json" });
      res.end(JSON.stringify({ code: "conflict", message: "Jail web1 is stopped, not running", details: { jail: "web1" } }));
    });
    await expect(startJail(agentConnection(socketPath), "web1")).rejects.toMatchObject({
      name: "AgentError",
      code: "conflict",
      details: { jail: "web1" },
    });
  });

  it("refuses an answer that does not match the protocol", async () => {
    await listen((_req, res) => res.end(JSON.stringify([{ name: "x" }])));
    await expect(fetchJails(agentConnection(socketPath))).rejects.toMatchObject({ code: "internal" });
  });

  it("reconnects the event stream when the agent comes back", async () => {
    const events: AgentEvent[] = [];
    const statuses: EventStreamStatus[] = [];
    const subscription = subscribeAgentEvents(agentConnection(socketPath), {
      onEvent: (e) => events.push(e),
      onStatus: (s) => statuses.push(s),
      retryDelayMs: 50,
    });
    await new Promise((r) => setTimeout(r, 200));
    const s = await listen((_req, res) => res.end());
    const wss = new WebSocketServer({ server: s });
    wss.on("connection", (ws) => ws.send(JSON.stringify({ type: "jail.destroyed", jail: "web1", at: 1 })));
    const deadline = Date.now() + 3000;
    while (events.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    subscription.close();
    wss.close();
    expect(events).toEqual([{ type: "jail.destroyed", jail: "web1", at: 1 }]);
    expect(statuses).toContain("disconnected");
    expect(statuses.at(-1)).toBe("connected");
  });
});
