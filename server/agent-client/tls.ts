import type { RequestOptions } from "node:https";
import { checkServerIdentity, type PeerCertificate } from "node:tls";
import { AgentError } from "../agent/protocol";

/** A remote agent reached over mutual TLS: its address, the web's client identity, and the pinned agent certificate. */
export interface AgentTlsTarget {
  host: string;
  port: number;
  /** PEM of the Stockade CA: the agent's certificate must chain to it. */
  ca: string;
  /** PEM of the web's client certificate and key, issued by the same CA. */
  cert: string;
  key: string;
  /** SHA-256 of the agent's certificate recorded when the host was added (AB:CD:… as Node reports it). */
  fingerprint: string;
}

/** The agent presented a certificate other than the one recorded for the host: refused, like a changed ssh host key. */
export class FingerprintMismatchError extends AgentError {
  constructor(
    readonly expected: string,
    readonly presented: string,
    address: string,
  ) {
    super("unavailable", `The agent at ${address} presented certificate ${presented}, not the recorded ${expected}: refused`, {
      expected,
      presented,
      address,
    });
    this.name = "FingerprintMismatchError";
  }
}

export function normalizeFingerprint(fingerprint: string): string {
  return fingerprint
    .replace(/^sha256:/i, "")
    .replace(/[^0-9a-f]/gi, "")
    .toUpperCase()
    .replace(/(..)(?!$)/g, "$1:");
}

export function tlsAddress(target: AgentTlsTarget): string {
  return target.host.includes(":") ? `[${target.host}]:${target.port}` : `${target.host}:${target.port}`;
}

/**
 * Options for https.request and ws: TLS 1.3 only, the Stockade CA as the only trust root, and
 * the recorded fingerprint checked on every handshake. No shared agent, so no TLS session is
 * resumed (Node skips checkServerIdentity on a resumed session).
 */
export function tlsRequestOptions(target: AgentTlsTarget) {
  const expected = normalizeFingerprint(target.fingerprint);
  return {
    host: target.host,
    port: target.port,
    ca: target.ca,
    cert: target.cert,
    key: target.key,
    minVersion: "TLSv1.3",
    maxVersion: "TLSv1.3",
    rejectUnauthorized: true,
    agent: false,
    checkServerIdentity(hostname: string, cert: PeerCertificate): Error | undefined {
      const identity = checkServerIdentity(hostname, cert);
      if (identity) return identity;
      const presented = normalizeFingerprint(cert.fingerprint256);
      return presented === expected ? undefined : new FingerprintMismatchError(expected, presented, tlsAddress(target));
    },
  } satisfies RequestOptions;
}
