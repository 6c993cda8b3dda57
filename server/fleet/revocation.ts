import { randomUUID } from "node:crypto";
import { readdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { fingerprintOf, issueCrl, serialOf, type PemPair } from "./ca";

/**
 * Revocation is a CRL signed by the Stockade CA (`crl.pem`) plus the list it is made from
 * (`revoked.json`, with the host and fingerprint each entry was for). The web verifies every
 * agent against the CRL; each agent reads the same file (STOCKADE_AGENT_TLS_CRL) and re-reads it
 * when it changes, so a revoked client certificate is refused there too. A copy sits in every
 * host's bundle folder beside its ca.crt, for whoever carries the bundle to the host.
 */
const revokedSchema = z.array(
  z.object({ serial: z.string(), fingerprint: z.string(), host: z.string(), subject: z.string(), revokedAt: z.string() }),
);

export type RevokedCertificate = z.infer<typeof revokedSchema>[number];

export const crlFile = (dir: string) => path.join(dir, "crl.pem");
const revokedFile = (dir: string) => path.join(dir, "revoked.json");

async function readOrNull(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** The CA's CRL, issued (empty) the first time, so the web and every agent always have one to check. */
export async function ensureCrl(dir: string, ca: PemPair): Promise<string> {
  return (await readOrNull(crlFile(dir))) ?? (await writeCrl(dir, ca, await readRevoked(dir)));
}

export async function readRevoked(dir: string): Promise<RevokedCertificate[]> {
  const text = await readOrNull(revokedFile(dir));
  return text === null ? [] : revokedSchema.parse(JSON.parse(text));
}

/**
 * Written beside and renamed over, so an agent re-reading the file never sees half of it. The
 * temporary name is unique per write: two writes at once in one process must not share one.
 */
async function writeAtomically(file: string, text: string, mode: number): Promise<void> {
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(temporary, text, { mode });
  await rename(temporary, file);
}

async function hostFolders(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(dir, "hosts"), { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isDirectory()).map((entry) => path.join(dir, "hosts", entry.name));
}

/**
 * Adds the certificate to the revoked list and re-issues the CRL. Revoking one already listed
 * changes nothing and says so (false).
 */
export async function revokeCertificate(dir: string, ca: PemPair, certPem: string, host: string, subject: string): Promise<boolean> {
  const revoked = await readRevoked(dir);
  const serial = serialOf(certPem);
  if (revoked.some((entry) => entry.serial === serial)) return false;
  revoked.push({ serial, fingerprint: fingerprintOf(certPem), host, subject, revokedAt: new Date().toISOString() });
  await writeAtomically(revokedFile(dir), `${JSON.stringify(revoked, null, 2)}\n`, 0o600);
  await writeCrl(dir, ca, revoked);
  return true;
}

/** The CRL in the fleet folder and a copy in every host's bundle folder. */
async function writeCrl(dir: string, ca: PemPair, revoked: readonly RevokedCertificate[]): Promise<string> {
  const crl = await issueCrl(
    ca,
    revoked.map((entry) => ({ serial: entry.serial, revokedAt: new Date(entry.revokedAt) })),
  );
  for (const folder of [dir, ...(await hostFolders(dir))]) await writeAtomically(crlFile(folder), crl, 0o644);
  return crl;
}
