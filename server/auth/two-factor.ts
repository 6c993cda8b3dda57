/**
 * Two-factor sign-in: better-auth's own twoFactor plugin (TOTP and recovery codes), and a small
 * plugin of Stockade's beside it that runs before its verify routes. That plugin counts every
 * code against the same per-username bucket as the password sign-in (so guessing codes hits the
 * sign-in limit), and refuses a TOTP code for a time-step at or before the last one accepted
 * (better-auth would take the same code again for as long as it is valid).
 */
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { symmetricDecrypt } from "better-auth/crypto";
import { twoFactor } from "better-auth/plugins";
import { db } from "@/server/db/prisma";
import { matchingStep } from "./totp-steps";
import { usernameAttempts } from "./username-rate-limit";

export const TOTP_VERIFY_PATH = "/two-factor/verify-totp";
export const BACKUP_CODE_VERIFY_PATH = "/two-factor/verify-backup-code";
export const REPLAYED_CODE_MESSAGE = "This code was already used. Wait for the next one from your authenticator.";
/** better-auth's cookie naming the user between the password and the second step. */
const TWO_FACTOR_COOKIE = "two_factor";

type MiddlewareContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

/** Whose code this is: the signed-in user (enrolling) or the one half-way through signing in. */
async function codeOwner(ctx: MiddlewareContext): Promise<string | null> {
  const session = await getSessionFromCtx(ctx).catch(() => null);
  if (session) return session.user.id;
  const cookie = await ctx.getSignedCookie(ctx.context.createAuthCookie(TWO_FACTOR_COOKIE).name, ctx.context.secret);
  if (!cookie) return null;
  return (await ctx.context.internalAdapter.findVerificationValue(cookie))?.value ?? null;
}

/** Claims the code's time-step for the user, atomically: of two requests with one code, one wins. */
async function claimStep(ctx: MiddlewareContext, userId: string, code: string): Promise<void> {
  const row = await db().twoFactor.findFirst({ where: { userId }, select: { id: true, secret: true } });
  if (!row) return; // better-auth answers "TOTP not enabled"
  const step = matchingStep(await symmetricDecrypt({ key: ctx.context.secretConfig, data: row.secret }), code);
  if (step === null) return; // a wrong code: better-auth refuses it and counts the failure
  const claimed = await db().twoFactor.updateMany({
    where: { id: row.id, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
    data: { totpLastStep: step },
  });
  if (claimed.count === 0) throw new APIError("UNAUTHORIZED", { code: "TOTP_CODE_REPLAYED", message: REPLAYED_CODE_MESSAGE });
}

function secondStepGuard(attemptsPerMinute: number): BetterAuthPlugin {
  return {
    id: "stockade-second-step",
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === TOTP_VERIFY_PATH || ctx.path === BACKUP_CODE_VERIFY_PATH,
          handler: createAuthMiddleware(async (ctx) => {
            const userId = await codeOwner(ctx);
            if (!userId) return;
            const user = await db().user.findUnique({ where: { id: userId }, select: { username: true } });
            const retryAfter = await usernameAttempts(`username:${user?.username ?? userId}`, attemptsPerMinute);
            if (retryAfter !== null) {
              throw new APIError("TOO_MANY_REQUESTS", {
                message: `Too many sign-in attempts for this user. Try again in ${retryAfter} seconds.`,
              });
            }
            const code = (ctx.body as { code?: unknown } | undefined)?.code;
            if (ctx.path === TOTP_VERIFY_PATH && typeof code === "string") await claimStep(ctx, userId, code);
          }),
        },
      ],
    },
  };
}

/** The two plugins, in order: the guard's before-hook runs ahead of the twoFactor endpoints. */
export function twoFactorSignIn(options: { attemptsPerMinute: number }): BetterAuthPlugin[] {
  return [twoFactor({ issuer: "Stockade", backupCodeOptions: { amount: 10 } }), secondStepGuard(options.attemptsPerMinute)];
}
