import { z } from "zod";

/** One OpenSSH public key line: type, base64 body, an optional comment; no line breaks. */
export const sshPublicKeySchema = z
  .string()
  .max(16 * 1024)
  .regex(
    /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) [A-Za-z0-9+/]+={0,3}( [^\n\r\0]{0,200})?$/,
    "An SSH public key is one line: its type (e.g. ssh-ed25519), the key, and an optional comment",
  );

export const applyLayoutInputSchema = z.object({ sshPublicKey: sshPublicKeySchema.optional() }).strict();
