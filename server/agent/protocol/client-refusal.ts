/**
 * Why an agent refused the web's client certificate. Node's TLS server checks a client
 * certificate only after the handshake and then just closes the socket, with no TLS alert, so
 * the web would see a bare hang-up; instead the agent sends this one line over the finished TLS
 * session (never an HTTP answer: no request of that peer is read) and closes.
 */
export const clientRefusalKinds = ["revoked", "unknown-ca", "expired", "bad-certificate", "no-certificate"] as const;
export type ClientRefusalKind = (typeof clientRefusalKinds)[number];

const PREFIX = "stockade-agent refused the client certificate: ";

/** OpenSSL's verification codes (Node's `authorizationError`) grouped into what the web can act on. */
const KIND_OF_CODE: Record<string, ClientRefusalKind> = {
  CERT_REVOKED: "revoked",
  CERT_HAS_EXPIRED: "expired",
  CERT_NOT_YET_VALID: "expired",
  UNABLE_TO_GET_ISSUER_CERT: "unknown-ca",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "unknown-ca",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "unknown-ca",
  DEPTH_ZERO_SELF_SIGNED_CERT: "unknown-ca",
  SELF_SIGNED_CERT_IN_CHAIN: "unknown-ca",
  // An issuer of the same name whose key did not sign it: another CA calling itself "Stockade CA".
  CERT_SIGNATURE_FAILURE: "unknown-ca",
};

/** `presented` false: the peer sent no certificate (OpenSSL then reports a missing issuer, which would mislead). */
export const clientRefusalKindOf = (code: string | null | undefined, presented = true): ClientRefusalKind =>
  presented ? (KIND_OF_CODE[code ?? ""] ?? "bad-certificate") : "no-certificate";

export const clientRefusalLine = (kind: ClientRefusalKind): string => `${PREFIX}${kind}\n`;

/** The refusal in the first bytes an agent sent, or null when they are anything else (an HTTP answer…). */
export function parseClientRefusal(bytes: Buffer | string | undefined): ClientRefusalKind | null {
  const text = typeof bytes === "string" ? bytes : (bytes?.toString("latin1") ?? "");
  if (!text.startsWith(PREFIX)) return null;
  const kind = text.slice(PREFIX.length).split("\n")[0];
  return clientRefusalKinds.find((known) => known === kind) ?? null;
}
