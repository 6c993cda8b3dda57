import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { username } from "better-auth/plugins";
import { webConfig } from "@/server/config";
import { db } from "@/server/db/prisma";
import { productRoutesOnly, SIGN_IN_PATH } from "./auth-routes";
import { isValidUsername, USERNAME_MAX, USERNAME_MIN } from "./username";
import { admitOneTimeSignIn } from "./one-time-password";
import { twoFactorSignIn } from "./two-factor";

/** The header the custom server sets from the TCP peer address (clients cannot forge it). */
export const CLIENT_IP_HEADER = "x-stockade-client-ip";

export { SIGN_IN_PATH };

export const DISABLED_MESSAGE = "This account is disabled. Ask an admin to enable it.";

function createAuth() {
  const config = webConfig();
  return betterAuth({
    appName: "Stockade",
    baseURL: config.origin,
    secret: config.authSecret,
    database: prismaAdapter(db(), { provider: config.databaseUrl.startsWith("file:") ? "sqlite" : "postgresql" }),
    telemetry: { enabled: false },
    // Accounts are made by an admin (or the first-start bootstrap), never by self sign-up.
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 12, maxPasswordLength: 256 },
    session: { expiresIn: config.sessionSeconds, updateAge: Math.min(3600, config.sessionSeconds / 4) },
    rateLimit: {
      enabled: true,
      storage: "database",
      window: 60,
      max: 300,
      // Second-step codes are sign-in attempts: the same per-address rule as the password (the twoFactor
      // plugin's own 3 per 10 s would refuse an enrolment's confirm, a typo and the right code in a row).
      customRules: {
        [SIGN_IN_PATH]: { window: 60, max: config.loginAttemptsPerMinute },
        "/two-factor/*": { window: 60, max: config.loginAttemptsPerMinute },
      },
    },
    advanced: {
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
      useSecureCookies: config.origin.startsWith("https:"),
      defaultCookieAttributes: { sameSite: "lax", httpOnly: true },
    },
    trustedOrigins: [config.origin],
    databaseHooks: {
      session: {
        create: {
          // A disabled account gets no session, and is told why rather than "wrong password".
          before: async (session) => {
            const user = await db().user.findUnique({ where: { id: session.userId }, select: { disabled: true } });
            if (user?.disabled) throw new APIError("FORBIDDEN", { message: DISABLED_MESSAGE });
            await admitOneTimeSignIn(db(), session.userId);
          },
        },
      },
    },
    plugins: [
      // Sign-in is by username only (the e-mail route would be a second door with its own rate limit).
      productRoutesOnly({ attemptsPerMinute: config.loginAttemptsPerMinute }),
      username({ minUsernameLength: USERNAME_MIN, maxUsernameLength: USERNAME_MAX, usernameValidator: isValidUsername }),
      ...twoFactorSignIn({ attemptsPerMinute: config.loginAttemptsPerMinute }),
      nextCookies(),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;

const globalForAuth = globalThis as unknown as { stockadeAuth?: Auth };

export function auth(): Auth {
  globalForAuth.stockadeAuth ??= createAuth();
  return globalForAuth.stockadeAuth;
}
