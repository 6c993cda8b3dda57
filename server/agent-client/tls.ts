import type { RequestOptions } from "node:https";
import { checkServerIdentity, type PeerCertificate } from "node:tls";
import { FingerprintMismatchError, ImpersonationError } from "./tls-refusals";

/** A remote agent reached over mutual TLS: its address, the web's client identity, and the pinned agent certificate. */
export interface AgentTlsTarget {
  /** The host's recorded name: the agent's certificate must be issued to it (subject "stockade-agent NAME"). */
  name: string;
  host: string;
  port: number;
  /** PEM of the Stockade CA: the agent's certificate must chain to it. */
  ca: string;
  /** PEM of the web's client certificate and key, issued by the same CA. */
  cert: string;
  key: string;
  /** SHA-256 of the agent's certificate recorded when the host was added (AB:CD:… as Node reports it). */
  fingerprint: string;
  /** PEM of the CA's revocation list, when anything was ever revoked: a revoked agent certificate is refused. */
  crl?: string | null;
}

/** The subject `host add` gives a host's agent certificate. */
export const agentCommonName = (name: string): string => `stockade-agent ${name}`;

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
 * Options for https.request and ws: TLS 1.3 only, the Stockade CA (and its revocation list) as the
 * only trust root, then the certificate's subject, SAN and recorded fingerprint checked on every
 * handshake. The subject comes first: another host's certificate would fail the pin too, but
 * "issued to another host" is the refusal worth naming. No shared agent, so no TLS session is
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
    ...(target.crl ? { crl: target.crl } : {}),
    minVersion: "TLSv1.3",
    maxVersion: "TLSv1.3",
    rejectUnauthorized: true,
    agent: false,
    checkServerIdentity(hostname: string, cert: PeerCertificate): Error | undefined {
      const subject = [cert.subject?.CN ?? ""].flat().join(", ");
      if (subject !== agentCommonName(target.name)) return new ImpersonationError(target.name, subject, tlsAddress(target));
      const identity = checkServerIdentity(hostname, cert);
      if (identity) return identity;
      const presented = normalizeFingerprint(cert.fingerprint256);
      return presented === expected ? undefined : new FingerprintMismatchError(expected, presented, tlsAddress(target));
    },
  } satisfies RequestOptions;
}
