import { createServer, type Server } from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentMethodNames, agentMethods, agentServes, PROTOCOL_VERSION } from "../agent/protocol";
import { agentConnection, callAgent, fetchHostSummary, MethodNotServedError } from "./index";

describe("methods an agent's protocol version lacks", () => {
  let dir: string;
  let server: Server;
  const requests: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "stk-protocol-"));
    server = createServer((req, res) => {
      requests.push(req.url ?? "");
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ code: "not_found", message: `No agent method at ${req.url}` }));
    });
    await new Promise<void>((resolve) => server.listen(path.join(dir, "agent.sock"), resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  const conn = (protocolVersion?: number) => agentConnection(path.join(dir, "agent.sock"), { protocolVersion });

  it("every method says which version added it, none later than the web's own", () => {
    for (const method of agentMethodNames) {
      expect(agentMethods[method].since, method).toBeGreaterThanOrEqual(1);
      expect(agentMethods[method].since, method).toBeLessThanOrEqual(PROTOCOL_VERSION);
    }
    expect(agentServes(1, "host.info")).toBe(true);
    expect(agentServes(1, "host.summary")).toBe(false);
  });

  it("refuses host.summary to a protocol-1 agent with a typed error, sending nothing", async () => {
    requests.length = 0;
    const error = await fetchHostSummary(conn(1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MethodNotServedError);
    expect(error).toMatchObject({
      name: "MethodNotServedError",
      code: "unsupported",
      method: "host.summary",
      since: 2,
      agentProtocol: 1,
      message: expect.stringMatching(/speaks protocol 1, and host\.summary needs protocol 2 or later: update the agent/),
    });
    expect(requests).toEqual([]);
  });

  it("sends a method the agent's version has, and anything while the version is unknown", async () => {
    requests.length = 0;
    await expect(callAgent(conn(1), "jails.list", {})).rejects.toMatchObject({ code: "not_found" });
    await expect(fetchHostSummary(conn(2))).rejects.toMatchObject({ code: "not_found" });
    await expect(fetchHostSummary(conn())).rejects.toMatchObject({ code: "not_found" });
    expect(requests).toEqual(["/v1/jails.list", "/v1/host.summary", "/v1/host.summary"]);
  });

  it("refuses adopt with lxcPath to a protocol-2 agent, naming the feature, and sends adopt without it", async () => {
    requests.length = 0;
    const adopt = { kind: "adopt" as const, name: "web9", lxcPath: "/var/lib/lxc" };
    const error = await callAgent(conn(2), "jails.plan", adopt).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MethodNotServedError);
    expect(error).toMatchObject({
      code: "unsupported",
      method: "jails.plan",
      since: 3,
      agentProtocol: 2,
      feature: expect.stringMatching(/another LXC path/),
      message: expect.stringMatching(
        /speaks protocol 2, and jails\.plan for adopting a container from another LXC path \(lxcPath\) needs protocol 3 or later/,
      ),
    });
    expect(requests).toEqual([]);
    await expect(callAgent(conn(2), "jails.plan", { kind: "adopt", name: "web9" })).rejects.toMatchObject({ code: "not_found" });
    await expect(callAgent(conn(PROTOCOL_VERSION), "jails.plan", adopt)).rejects.toMatchObject({ code: "not_found" });
    expect(requests).toEqual(["/v1/jails.plan", "/v1/jails.plan"]);
  });
});
