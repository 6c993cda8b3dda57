import type { BetterAuthPlugin } from "better-auth";
import { usernameAttempts } from "./username-rate-limit";

/**
 * better-auth mounts many routes (e-mail sign-up, OAuth, account linking, user updates,
 * username availability …). Stockade answers only the ones its UI uses; every other path,
 * including routes a future better-auth adds, is a 404. Usernames and names change only
 * through the Team page (an audited admin action), so /update-user is not among them.
 * Passwords change through tRPC's session.changePassword, which also ends a one-time
 * password's restriction, so /change-password is not among them either.
 * Of the twoFactor plugin's routes, only enrolling (enable, then a first code to confirm) and
 * the sign-in second step (a TOTP code or a recovery code) are used; turning it off, e-mailed
 * codes, regenerating recovery codes and the server-only code generator are not answered.
 */
export const AUTH_ROUTES = [
  "/sign-in/username",
  "/sign-out",
  "/get-session",
  "/two-factor/enable",
  "/two-factor/verify-totp",
  "/two-factor/verify-backup-code",
] as const;

export const SIGN_IN_PATH = "/sign-in/username";

function routeOf(url: string, basePath: string): string {
  const pathname = new URL(url).pathname;
  return pathname.startsWith(basePath) ? pathname.slice(basePath.length) : pathname;
}

function tooManyAttempts(retryAfterSeconds: number): Response {
  return Response.json(
    { code: "TOO_MANY_REQUESTS", message: `Too many sign-in attempts for this user. Try again in ${retryAfterSeconds} seconds.` },
    { status: 429, headers: { "X-Retry-After": String(retryAfterSeconds) } },
  );
}

async function usernameOf(request: Request): Promise<string | null> {
  const body = (await request
    .clone()
    .json()
    .catch(() => null)) as { username?: unknown } | null;
  return typeof body?.username === "string" ? body.username.toLowerCase() : null;
}

/**
 * Runs before every better-auth route: unknown routes are refused, and sign-in attempts
 * are limited per username as well as (by better-auth) per client address, so clients
 * sharing one address behind a proxy do not share one bucket and one account cannot be
 * guessed at from many addresses.
 */
export function productRoutesOnly(options: { attemptsPerMinute: number }): BetterAuthPlugin {
  const allowed = new Set<string>(AUTH_ROUTES);
  return {
    id: "stockade-routes",
    async onRequest(request, ctx) {
      const route = routeOf(request.url, new URL(ctx.baseURL).pathname);
      if (!allowed.has(route))
        return { response: Response.json({ code: "NOT_FOUND", message: "There is no such route." }, { status: 404 }) };
      if (route !== SIGN_IN_PATH || request.method !== "POST") return;
      const username = await usernameOf(request);
      if (!username) return;
      const retryAfter = await usernameAttempts(`username:${username}`, options.attemptsPerMinute);
      if (retryAfter !== null) return { response: tooManyAttempts(retryAfter) };
    },
  };
}
