import { describe, expect, it } from "vitest";
import type { HostInfo } from "@/server/agent/protocol";
import type { HostState } from "@/server/fleet/host-state";
import { hostRow } from "./host-row";

const info: HostInfo = {
  hostname: "build2",
  os: "FreeBSD 14.1-RELEASE",
  kernel: "14.1",
  driver: "freebsd",
  recorded: false,
  cpuCount: 4,
  memoryBytes: 8 * 1024 ** 3,
  agentVersion: "0.1.0",
  protocolVersion: 2,
  accounting: "kernel",
};

const reachable: HostState = {
  id: "build2",
  name: "build2",
  address: "10.0.0.12:7443",
  reachability: "reachable",
  since: "2026-12-03T08:00:00.000Z",
  lastSeen: "2026-12-03T08:10:00.000Z",
  error: null,
  refused: null,
  info,
  jails: [
    { name: "www1", state: "running", ipv4: ["10.0.0.20"], ipv6: [], tags: [] },
    { name: "old1", state: "stopped", ipv4: [], ipv6: [], tags: [] },
  ],
  usage: { cpuPercent: 42, memoryBytes: 2 * 1024 ** 3, processCount: 90 },
  stale: false,
  protocol: { agent: 2, web: 2, older: false },
};

describe("a row of the Hosts table", () => {
  it("a reachable host: its system, jails, CPU and memory, agent and protocol", () => {
    expect(hostRow(reachable, "2026-12-03T08:10:00.500Z")).toEqual({
      state: { label: "reachable", tone: "ok", detail: null, title: null },
      system: "FreeBSD 14.1-RELEASE · freebsd",
      jails: "2 (1 running)",
      cpu: "0.42 of 4 CPUs",
      memory: "2.0 GiB of 8.0 GiB",
      agent: "0.1.0",
      protocol: { label: "2", older: false, title: expect.stringContaining("as this web does") },
      lastSeen: "now",
    });
  });

  it("an unreachable host keeps its last figures and says since when and why", () => {
    const away: HostState = {
      ...reachable,
      reachability: "unreachable",
      since: "2026-12-03T08:10:02.000Z",
      error: "The Stockade agent is not reachable at 10.0.0.12:7443 (connection refused)",
      stale: true,
    };
    const row = hostRow(away, "2026-12-03T08:10:05.000Z");
    expect(row.state).toEqual({
      label: "unreachable",
      tone: "down",
      detail: "since 3 s ago: The Stockade agent is not reachable at 10.0.0.12:7443 (connection refused)",
      title: away.error,
    });
    expect(row.lastSeen).toBe("5 s ago");
    expect(row.jails).toBe("2 (1 running)");
  });

  it("a refused host says which refusal, in its own words, with the web's message as the tooltip", () => {
    const at = "2026-12-03T08:10:05.000Z";
    const refused = (kind: NonNullable<HostState["refused"]>, error: string) =>
      hostRow({ ...reachable, reachability: "unreachable", since: "2026-12-03T08:10:02.000Z", stale: true, refused: kind, error }, at)
        .state;
    const impostor = 'The agent at 10.0.0.12:7443 presented a certificate issued to "stockade-agent build3", not to host build2';
    expect(refused("impersonation", impostor)).toEqual({
      label: "refused",
      tone: "refused",
      detail: "since 3 s ago: its certificate was issued to another host: impersonation refused",
      title: impostor,
    });
    expect(refused("fingerprint", "x").detail).toMatch(/another certificate than the recorded one \(fingerprint mismatch\)$/);
    expect(refused("revoked", "x").detail).toMatch(/certificate is revoked; enrol it again with host add --renew$/);
    expect(refused("untrusted", "x").detail).toMatch(/not from this web's Stockade CA$/);
  });

  it("the agent refusing this web's client certificate is said as that, not as the agent's certificate", () => {
    const at = "2026-12-03T08:10:05.000Z";
    const detail = (kind: NonNullable<HostState["refused"]>) =>
      hostRow({ ...reachable, reachability: "unreachable", since: "2026-12-03T08:10:02.000Z", refused: kind, error: "x" }, at).state;
    expect(detail("client-revoked")).toMatchObject({
      label: "refused",
      detail: "since 3 s ago: its agent refuses this web's client certificate as revoked (on the CRL it was given)",
    });
    expect(detail("client-unknown-ca").detail).toMatch(/it trusts another CA; give it this web's ca.crt$/);
    expect(detail("client-expired").detail).toMatch(/client certificate as expired/);
    expect(detail("client-bad-certificate").detail).toMatch(/unusable for a client$/);
    expect(detail("client-no-certificate").detail).toMatch(/sent no client certificate$/);
  });

  it("an agent on an older protocol is marked as such", () => {
    const older = { ...reachable, info: { ...info, protocolVersion: 1 }, protocol: { agent: 1, web: 2, older: true } };
    expect(hostRow(older, reachable.lastSeen!).protocol).toEqual({
      label: "1 (older)",
      older: true,
      title: expect.stringMatching(/protocol 1, this web 2: methods added since are not sent/),
    });
  });

  it("a host never reached yet shows dashes and never", () => {
    const fresh: HostState = { ...reachable, reachability: "checking", lastSeen: null, info: null, jails: [], usage: null, protocol: null };
    expect(hostRow(fresh, reachable.since)).toMatchObject({
      state: { label: "pending", tone: "pending" },
      system: "—",
      cpu: "—",
      lastSeen: "never",
      protocol: { label: "—" },
    });
  });
});
