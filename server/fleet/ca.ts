// @peculiar/x509 resolves its ASN.1 codecs through tsyringe, which needs the Reflect metadata API.
import "reflect-metadata";
import { webcrypto, X509Certificate as NodeCertificate } from "node:crypto";
import { isIP } from "node:net";
import * as x509 from "@peculiar/x509";

// Certificates come from @peculiar/x509 over Node's WebCrypto; nothing here encodes ASN.1 or signs by hand.
x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const KEY_ALGORITHM: EcKeyGenParams = { name: "ECDSA", namedCurve: "P-256" };
const SIGNING_ALGORITHM: EcdsaParams = { name: "ECDSA", hash: "SHA-256" };
const DAY_MS = 86_400_000;

export interface PemPair {
  cert: string;
  key: string;
}

async function newKeys(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(KEY_ALGORITHM, true, ["sign", "verify"])) as CryptoKeyPair;
}

async function keyPem(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey("pkcs8", key), "PRIVATE KEY");
}

async function importKey(pem: string): Promise<CryptoKey> {
  return webcrypto.subtle.importKey("pkcs8", x509.PemConverter.decodeFirst(pem), KEY_ALGORITHM, true, ["sign"]);
}

function validity(days: number): { notBefore: Date; notAfter: Date } {
  // A minute back so a peer whose clock is slightly behind still accepts a fresh certificate.
  const now = Date.now() - 60_000;
  return { notBefore: new Date(now), notAfter: new Date(now + days * DAY_MS) };
}

/** A self-signed CA that can only sign certificates (path length 0: no intermediate CAs). */
export async function createCa(commonName = "Stockade CA", days = 3650): Promise<PemPair> {
  const keys = await newKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: [{ CN: [commonName] }],
    keys,
    signingAlgorithm: SIGNING_ALGORITHM,
    ...validity(days),
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert: cert.toString("pem"), key: await keyPem(keys.privateKey) };
}

export interface LeafRequest {
  commonName: string;
  usage: "server" | "client";
  /** Subject alternative names: IP addresses or DNS names the certificate answers for. */
  addresses?: string[];
  days?: number;
}

function altNames(addresses: string[]): x509.Extension[] {
  if (addresses.length === 0) return [];
  const names = addresses.map((value) => ({ type: isIP(value) ? ("ip" as const) : ("dns" as const), value }));
  return [new x509.SubjectAlternativeNameExtension(names)];
}

/** Issues a server (agent) or client (web) certificate signed by the CA. */
export async function issueLeaf(ca: PemPair, request: LeafRequest): Promise<PemPair> {
  const caCert = new x509.X509Certificate(ca.cert);
  const keys = await newKeys();
  const purpose = request.usage === "server" ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth;
  const cert = await x509.X509CertificateGenerator.create({
    subject: [{ CN: [request.commonName] }],
    issuer: caCert.subjectName,
    publicKey: keys.publicKey,
    signingKey: await importKey(ca.key),
    signingAlgorithm: SIGNING_ALGORITHM,
    ...validity(request.days ?? 825),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([purpose], false),
      await x509.AuthorityKeyIdentifierExtension.create(caCert.publicKey),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ...altNames(request.addresses ?? []),
    ],
  });
  return { cert: cert.toString("pem"), key: await keyPem(keys.privateKey) };
}

export interface RevokedEntry {
  /** Hex serial number, as X509Certificate.serialNumber gives it. */
  serial: string;
  revokedAt: Date;
}

/**
 * A CRL signed by the CA listing every revoked certificate, re-issued whole at each revocation.
 * OpenSSL refuses every peer once a CRL's nextUpdate has passed, and nothing here re-issues it on a
 * schedule, so it is valid for the CA's own lifetime: it changes only when a certificate is revoked.
 */
export async function issueCrl(ca: PemPair, revoked: readonly RevokedEntry[]): Promise<string> {
  const caCert = new x509.X509Certificate(ca.cert);
  const crl = await x509.X509CrlGenerator.create({
    issuer: caCert.subjectName,
    thisUpdate: new Date(Date.now() - 60_000),
    nextUpdate: caCert.notAfter,
    signingAlgorithm: SIGNING_ALGORITHM,
    signingKey: await importKey(ca.key),
    extensions: [await x509.AuthorityKeyIdentifierExtension.create(caCert.publicKey)],
    entries: revoked.map((entry) => ({ serialNumber: entry.serial, revocationDate: entry.revokedAt })),
  });
  // OpenSSL reads only the "X509 CRL" PEM label; @peculiar/x509 writes "CRL".
  return x509.PemConverter.encode(crl.rawData, "X509 CRL");
}

/** The certificate's serial number (hex), as a CRL lists it. */
export function serialOf(certPem: string): string {
  return new x509.X509Certificate(certPem).serialNumber;
}

/** SHA-256 of the certificate's DER as colon-separated upper-case hex: the form Node's TLS peer certificate reports. */
export function fingerprintOf(certPem: string): string {
  return new NodeCertificate(certPem).fingerprint256;
}

/** Whether a certificate's SAN names this IP address or DNS name. */
export function certCovers(certPem: string, host: string): boolean {
  const cert = new NodeCertificate(certPem);
  return (isIP(host) ? cert.checkIP(host) : cert.checkHost(host)) !== undefined;
}
