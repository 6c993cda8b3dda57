/**
 * RFC 6238 time-steps, computed here (node:crypto) only to learn *which* step a code belongs
 * to: better-auth verifies the code itself, but does not say which step matched, and so
 * cannot refuse the same code twice. Its secrets are used as UTF-8 bytes, as better-auth does.
 */
import crypto from "node:crypto";

export const TOTP_PERIOD_SECONDS = 30;
/** better-auth accepts the previous, current and next step (clock drift). */
const WINDOW = 1;

export function hotp(key: Buffer, counter: number, digits = 6): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = crypto.createHmac("sha1", key).update(message).digest();
  const offset = mac[mac.length - 1]! & 15;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits).padStart(digits, "0");
}

/** The time-step whose code this is (within better-auth's window), or null for a wrong code. */
export function matchingStep(secret: string, code: string, now = Date.now()): number | null {
  const key = Buffer.from(secret, "utf8");
  const current = Math.floor(now / 1000 / TOTP_PERIOD_SECONDS);
  for (let step = current - WINDOW; step <= current + WINDOW; step++) {
    const expected = hotp(key, step);
    if (code.length === expected.length && crypto.timingSafeEqual(Buffer.from(code), Buffer.from(expected))) return step;
  }
  return null;
}
