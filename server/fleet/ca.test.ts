import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { normalizeFingerprint } from "@/server/agent-client";
import { certCovers, createCa, fingerprintOf, issueLeaf } from "./ca";
import { formatAddress, hostAddressSchema, hostNameSchema } from "./hosts";

describe("the Stockade CA", () => {
  it("signs an agent certificate for its address and a web client certificate, both chaining to the CA", async () => {
    const ca = await createCa();
    const caCert = new X509Certificate(ca.cert);
    expect(caCert.ca).toBe(true);
    const agent = await issueLeaf(ca, { commonName: "stockade-agent a", usage: "server", addresses: ["10.0.0.2"] });
    const web = await issueLeaf(ca, { commonName: "stockade-web", usage: "client" });
    for (const leaf of [agent, web]) {
      const cert = new X509Certificate(leaf.cert);
      expect(cert.ca).toBe(false);
      expect(cert.verify(caCert.publicKey)).toBe(true);
      expect(cert.checkIssued(caCert)).toBe(true);
    }
    expect(new X509Certificate(agent.cert).keyUsage).toEqual(["1.3.6.1.5.5.7.3.1"]);
    expect(new X509Certificate(web.cert).keyUsage).toEqual(["1.3.6.1.5.5.7.3.2"]);
    expect(certCovers(agent.cert, "10.0.0.2")).toBe(true);
    expect(certCovers(agent.cert, "10.0.0.3")).toBe(false);
    expect(agent.key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it("a certificate from another CA does not verify against this one", async () => {
    const [ours, theirs] = [await createCa(), await createCa()];
    const leaf = await issueLeaf(theirs, { commonName: "stockade-web", usage: "client" });
    expect(new X509Certificate(leaf.cert).verify(new X509Certificate(ours.cert).publicKey)).toBe(false);
  });

  it("fingerprints are SHA-256 in Node's form, and other spellings normalize to it", async () => {
    const { cert } = await createCa();
    const fingerprint = fingerprintOf(cert);
    expect(fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(normalizeFingerprint(`SHA256:${fingerprint.replaceAll(":", "").toLowerCase()}`)).toBe(fingerprint);
  });
});

describe("host names and addresses", () => {
  it("reads host, host:port and IPv6 forms with port 7443 by default", () => {
    expect(hostAddressSchema.parse("10.0.0.2")).toEqual({ host: "10.0.0.2", port: 7443 });
    expect(hostAddressSchema.parse("agent.example:9000")).toEqual({ host: "agent.example", port: 9000 });
    expect(hostAddressSchema.parse("[fd00::2]:7444")).toEqual({ host: "fd00::2", port: 7444 });
    expect(hostAddressSchema.parse("fd00::2")).toEqual({ host: "fd00::2", port: 7443 });
    expect(formatAddress({ host: "fd00::2", port: 7443 })).toBe("[fd00::2]:7443");
  });

  it("refuses bad names and addresses", () => {
    expect(() => hostAddressSchema.parse("10.0.0.2:0")).toThrow(/port/);
    expect(() => hostAddressSchema.parse("a b")).toThrow(/IP address or DNS name/);
    expect(() => hostAddressSchema.parse("x;rm")).toThrow();
    expect(() => hostNameSchema.parse("local")).toThrow(/own agent/);
    expect(() => hostNameSchema.parse("../etc")).toThrow(/Host names/);
  });
});
