import { AgentError, parseClientRefusal, type ClientRefusalKind } from "../agent/protocol";

/**
 * Why the web refused a remote agent's certificate. Each is an AgentError (code `unavailable`,
 * the host cannot be used) with its own class, so the host monitor and the Hosts page can tell a
 * security refusal from a host that is merely down.
 */
export type CertificateRefusal = "fingerprint" | "impersonation" | "revoked" | "untrusted" | `client-${ClientRefusalKind}`;

abstract class CertificateRefusedError extends AgentError {
  abstract readonly refusal: CertificateRefusal;
}

/** The agent presented a certificate other than the one recorded for the host: refused, like a changed ssh host key. */
export class FingerprintMismatchError extends CertificateRefusedError {
  readonly refusal = "fingerprint";
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

/** A certificate from the Stockade CA, but issued to another host: that host's agent (or its key) answering at this address. */
export class ImpersonationError extends CertificateRefusedError {
  readonly refusal = "impersonation";
  constructor(
    readonly dialled: string,
    readonly presentedSubject: string,
    address: string,
  ) {
    super(
      "unavailable",
      `The agent at ${address} presented a certificate issued to "${presentedSubject}", not to host ${dialled}: refused as impersonation`,
      { dialled, presentedSubject, address },
    );
    this.name = "ImpersonationError";
  }
}

/** The agent's certificate is on the Stockade CA's revocation list (`host revoke`). */
export class RevokedCertificateError extends CertificateRefusedError {
  readonly refusal = "revoked";
  constructor(address: string) {
    super("unavailable", `The agent at ${address} presented a revoked certificate: refused; enrol the host again (host add --renew)`, {
      address,
    });
    this.name = "RevokedCertificateError";
  }
}

/** The agent's certificate does not chain to this web's Stockade CA (another CA, self-signed, expired). */
export class UntrustedCertificateError extends CertificateRefusedError {
  readonly refusal = "untrusted";
  constructor(
    readonly reason: string,
    address: string,
  ) {
    super("unavailable", `The agent at ${address} presented a certificate this web's Stockade CA did not issue (${reason}): refused`, {
      address,
      reason,
    });
    this.name = "UntrustedCertificateError";
  }
}

const CLIENT_REASONS: Record<ClientRefusalKind, string> = {
  revoked: "is revoked (on the CRL the agent was given)",
  "unknown-ca": "is not from the CA the agent trusts",
  expired: "has expired (or is not valid yet)",
  "bad-certificate": "is not usable as a client certificate",
  "no-certificate": "was not sent",
};

/** The agent refused this web's client certificate (the other direction from the refusals above), and said why. */
export class ClientCertificateRefusedError extends CertificateRefusedError {
  readonly refusal: `client-${ClientRefusalKind}`;
  constructor(
    readonly kind: ClientRefusalKind,
    address: string,
  ) {
    super("unavailable", `The agent at ${address} refused this web's client certificate: it ${CLIENT_REASONS[kind]}`, { address, kind });
    this.refusal = `client-${kind}`;
    this.name = "ClientCertificateRefusedError";
  }
}

export const isCertificateRefusal = (error: unknown): error is CertificateRefusedError => error instanceof CertificateRefusedError;

/** OpenSSL's chain-verification codes, as Node reports them on the request's error. */
const UNTRUSTED_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_GET_ISSUER_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_SIGNATURE_FAILURE",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "INVALID_PURPOSE",
]);

/**
 * The typed refusal for a failed TLS connection, or null when it was something else: this web's
 * verification error about the agent's certificate, or the agent's one-line refusal of ours
 * (which reaches the HTTP client as a parse error carrying the bytes it could not parse).
 */
export function certificateRefusalOf(error: NodeJS.ErrnoException & { rawPacket?: Buffer }, address: string): AgentError | null {
  const refusedByAgent = parseClientRefusal(error.rawPacket);
  if (refusedByAgent) return new ClientCertificateRefusedError(refusedByAgent, address);
  if (error.code === "CERT_REVOKED") return new RevokedCertificateError(address);
  if (error.code && UNTRUSTED_CODES.has(error.code)) return new UntrustedCertificateError(error.message, address);
  return null;
}
