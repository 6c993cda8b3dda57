import { z } from "zod";

/** One OpenSSH public key line: type, base64 body, an optional comment; no line breaks. */
export const sshPublicKeySchema = z
  .string()
  .max(16 * 1024)
  .regex(
    /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) [A-Za-z0-9+/]+={0,3}( [^\n\r\0]{0,200})?$/,
    "An SSH public key is one line: its type (e.g. ssh-ed25519), the key, and an optional comment",
  );

/** Where the DNS cache forwards: an IPv4 address the jail can reach, with an optional port (dnsmasq's ADDRESS#PORT). */
export const dnsUpstreamSchema = z
  .string()
  .regex(
    /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)(#([1-9]\d{0,3}|[1-5]\d{4}|6[0-4]\d{3}|65[0-4]\d{2}|655[0-2]\d|6553[0-5]))?$/,
    "A DNS upstream is an IPv4 address, optionally with #PORT (e.g. 10.0.0.1 or 10.0.0.1#5353)",
  );

export const applyLayoutInputSchema = z
  .object({ sshPublicKey: sshPublicKeySchema.optional(), dnsUpstream: dnsUpstreamSchema.optional() })
  .strict();
