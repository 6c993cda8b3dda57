import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningAgent } from "@/server/agent/agent";
import { startRecordedAgentAt } from "@/server/agent/test-support/recorded-agent-at";
import { AgentError, ClientCertificateRefusedError, FingerprintMismatchError, fetchHostInfo, fetchJails } from "@/server/agent-client";
import { makeTestPki, plainHttpProbe, tls12Handshakes, tlsConn, type TestPki } from "./test-support/pki";

const HOST = "127.0.0.1";

describe("agent over mutual TLS (loopback, recorded FreeBSD host)", () => {
  let pki: TestPki;
  let agent: RunningAgent;
  let port: number;
  let fingerprint: string;

  beforeAll(async () => {
    pki = await makeTestPki();
    const bundle = await pki.bundle("loop", HOST);
    fingerprint = bundle.fingerprint;
    agent = await startRecordedAgentAt(pki.dir, {
      tls: {
        host: HOST,
        port: 0,
        certFile: path.join(bundle.dir, "agent.crt"),
        keyFile: path.join(bundle.dir, "agent.key"),
        caFile: path.join(bundle.dir, "ca.crt"),
      },
    });
    port = agent.tlsPort!;
  });

  afterAll(async () => {
    await agent?.close();
    await pki?.cleanup();
  });

  it("answers host.info and jails.list to the web's client certificate, with the recorded fingerprint", async () => {
    const conn = tlsConn(pki, { name: "loop", host: HOST, port, fingerprint });
    expect(await fetchHostInfo(conn)).toMatchObject({ driver: "freebsd", recorded: true });
    expect((await fetchJails(conn)).map((j) => j.name)).toEqual(expect.arrayContaining(["www1", "db1"]));
  });

  it("refuses a client certificate from another CA, and says so to the web", async () => {
    const error = await fetchHostInfo(tlsConn(pki, { name: "loop", host: HOST, port, fingerprint, client: pki.forged })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AgentError);
    expect(error).toBeInstanceOf(ClientCertificateRefusedError);
    expect(error).toMatchObject({
      code: "unavailable",
      refusal: "client-unknown-ca",
      message: expect.stringMatching(/refused this web's client certificate: it is not from the CA the agent trusts/),
    });
  });

  it("refuses a recorded fingerprint that is not the agent's, with a typed error", async () => {
    const wrong = fingerprint.replace(/^../, fingerprint.startsWith("00") ? "11" : "00");
    const error = await fetchHostInfo(tlsConn(pki, { name: "loop", host: HOST, port, fingerprint: wrong })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FingerprintMismatchError);
    expect(error).toMatchObject({ presented: fingerprint, expected: wrong });
  });

  it("gives a plain-TCP client no HTTP answer, and refuses TLS 1.2", async () => {
    const reply = await plainHttpProbe(HOST, port);
    expect(reply).not.toMatch(/HTTP\//);
    expect(reply).not.toMatch(/hostname|freebsd/);
    expect(await tls12Handshakes(pki.identity, HOST, port)).toBe(false);
  });
});
