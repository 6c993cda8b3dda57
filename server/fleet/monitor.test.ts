import { createServer, request, type Server } from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentConnection } from "@/server/agent-client";
import { PROTOCOL_VERSION } from "@/server/agent/protocol";
import { startRecordedAgent, type RecordedAgent } from "@/server/api/test-support/recorded-agent";
import { LOCAL_HOST_ID } from "@/server/hosts";
import { startHostMonitor, type HostMonitor } from "./monitor";
import type { HostState } from "./host-state";

/**
 * An agent from before protocol versions, played by a proxy in front of the recorded agent: host.info
 * without protocolVersion, and host.summary unknown (as such an agent would answer, 404).
 */
function olderAgent(upstream: string, seen: string[]): Server {
  return createServer((req, res) => {
    seen.push(req.url ?? "");
    if (req.url === "/v1/host.summary") {
      res.writeHead(404, { "content-type": "application/json" });
      return res.end(JSON.stringify({ code: "not_found", message: `No agent method at ${req.url}` }));
    }
    const forward = request({ socketPath: upstream, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on("data", (chunk: Buffer) => chunks.push(chunk));
      answer.on("end", () => {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
        if (req.url === "/v1/host.info") delete body["protocolVersion"];
        res.writeHead(answer.statusCode ?? 500, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      });
    });
    req.pipe(forward);
  });
}

const listen = (server: Server, socket: string) => new Promise<void>((resolve) => server.listen(socket, resolve));
const close = (server: Server) => {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
};

async function until(monitor: HostMonitor, test: (state: HostState) => boolean, timeoutMs: number): Promise<HostState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = monitor.states()[0];
    if (state && test(state)) return state;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${JSON.stringify(state)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("the host monitor", () => {
  let agent: RecordedAgent;
  let dir: string;
  const localRow = { id: LOCAL_HOST_ID, name: "this-machine", address: null, fingerprint: null };
  const noIdentity = () => Promise.reject(new Error("no remote hosts here"));

  beforeAll(async () => {
    agent = await startRecordedAgent();
    dir = await mkdtemp(path.join(tmpdir(), "stk-monitor-"));
  });
  afterAll(async () => {
    await agent.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("lists this machine's agent with its info, jails, usage and the current protocol", async () => {
    const monitor = startHostMonitor({ listHosts: async () => [localRow], local: agentConnection(agent.socketPath), identity: noIdentity });
    try {
      await monitor.pollNow();
      await monitor.pollNow(); // the second poll goes through host.summary
      const [state] = monitor.states();
      expect(state).toMatchObject({
        id: LOCAL_HOST_ID,
        reachability: "reachable",
        stale: false,
        info: { driver: "freebsd", recorded: true, protocolVersion: PROTOCOL_VERSION },
        protocol: { agent: PROTOCOL_VERSION, web: PROTOCOL_VERSION, older: false },
      });
      expect(state!.jails.map((j) => j.name)).toEqual(expect.arrayContaining(["www1", "db1", "dev1", "old1"]));
      expect(state!.usage?.memoryBytes).toBeGreaterThan(0);
    } finally {
      monitor.stop();
    }
  });

  it("an older agent is shown as protocol 1 and never asked host.summary; gone, it is unreachable within 5 s with its jails kept; back, reachable", async () => {
    const socket = path.join(dir, "older.sock");
    const seen: string[] = [];
    let proxy = olderAgent(agent.socketPath, seen);
    await listen(proxy, socket);
    const lines: string[] = [];
    const monitor = startHostMonitor({
      listHosts: async () => [localRow],
      local: agentConnection(socket),
      identity: noIdentity,
      log: (line) => lines.push(line),
    });
    try {
      const first = await until(monitor, (s) => s.reachability === "reachable", 5000);
      await monitor.pollNow();
      expect(first.protocol).toEqual({ agent: 1, web: PROTOCOL_VERSION, older: true });
      expect(seen).not.toContain("/v1/host.summary");
      await close(proxy);
      const stoppedAt = Date.now();
      const away = await until(monitor, (s) => s.reachability === "unreachable", 5000);
      expect(Date.now() - stoppedAt).toBeLessThan(5000);
      expect(away).toMatchObject({ stale: true, lastSeen: expect.any(String), error: expect.stringMatching(/not reachable/) });
      expect(Date.parse(away.lastSeen!)).toBeGreaterThanOrEqual(Date.parse(first.lastSeen!));
      expect(first.jails.length).toBeGreaterThan(0);
      expect(away.jails).toEqual(first.jails);
      expect(away.info?.hostname).toBe(first.info?.hostname);
      proxy = olderAgent(agent.socketPath, seen);
      await listen(proxy, socket);
      await until(monitor, (s) => s.reachability === "reachable" && !s.stale, 5000);
      expect(lines).toEqual([expect.stringMatching(/this-machine is unreachable/), "Hosts: this-machine is reachable again"]);
    } finally {
      monitor.stop();
      await close(proxy);
    }
  });
});
