import crypto from "node:crypto";
import type { Db } from "@/server/db/types";
import { EVERY_HOST, type GrantLike } from "./permissions";

/** Tokens look like stk_<43 base64url characters>; only their SHA-256 is stored. */
const TOKEN_PREFIX = "stk_";

export function generateApiToken(): { token: string; hash: string; prefix: string } {
  const token = TOKEN_PREFIX + crypto.randomBytes(32).toString("base64url");
  return { token, hash: hashApiToken(token), prefix: token.slice(0, 10) };
}

// A token has 256 random bits, so a fast hash is enough: there is nothing to brute-force.
export function hashApiToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

/**
 * A token's hostId for "every host" (a tag token only). The column is required, unlike a grant's,
 * where every host is null; the token's grant is built with null, so authorization is the same.
 */
export const TOKEN_EVERY_HOST = EVERY_HOST;

export interface TokenCaller {
  id: string;
  username: string;
  name: string;
  grants: GrantLike[];
  tokenId: string;
}

export type TokenCheck = { ok: true; caller: TokenCaller } | { ok: false; message: string; tokenId: string | null; actor: string };

export function bearerOf(headers: Headers): string | null {
  const header = headers.get("authorization");
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match ? match[1]! : null;
}

/**
 * A token acts for the user who made it, with exactly the token's one grant. Revoked,
 * expired or unknown tokens, and tokens of disabled users, are refused with the reason.
 */
export async function checkApiToken(db: Db, token: string, now = new Date()): Promise<TokenCheck> {
  const row = await db.apiToken.findUnique({ where: { hash: hashApiToken(token) }, include: { user: true } });
  if (!row) return { ok: false, message: "This API token is not valid.", tokenId: null, actor: "unknown token" };
  const actor = `${row.user.username ?? row.user.email} (token ${row.name})`;
  if (row.revokedAt) return { ok: false, message: `The API token "${row.name}" was revoked.`, tokenId: row.id, actor };
  if (row.expiresAt && row.expiresAt <= now) {
    return { ok: false, message: `The API token "${row.name}" expired on ${row.expiresAt.toISOString()}.`, tokenId: row.id, actor };
  }
  if (row.user.disabled) return { ok: false, message: `The API token "${row.name}" belongs to a disabled user.`, tokenId: row.id, actor };
  await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  const hostId = row.hostId === TOKEN_EVERY_HOST ? null : row.hostId;
  const grant = { roleName: row.roleName, hostId, scopeType: row.scopeType, scopeValue: row.scopeValue };
  return { ok: true, caller: { id: row.user.id, username: actor, name: row.user.name, grants: [grant], tokenId: row.id } };
}
