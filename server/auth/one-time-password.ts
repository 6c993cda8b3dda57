/**
 * One-time passwords (first start, a reset, a new user) sign in exactly once, and that
 * session may do nothing but choose a new password. The sign-in hook and the tRPC and
 * socket.io builders all ask this module.
 */
import { APIError } from "better-auth/api";
import { z } from "zod";
import type { Db } from "@/server/db/types";

export const ONE_TIME_USED_MESSAGE = "This one-time password was already used. Ask an admin for a new one.";
export const PASSWORD_CHANGE_REQUIRED_MESSAGE = "Choose a new password first: your one-time password works for this sign-in only.";

export const newPasswordSchema = z.string().min(12, "must be at least 12 characters").max(256, "must be at most 256 characters");

/** Called as a session is created: lets a one-time password through once, and refuses it after. */
export async function admitOneTimeSignIn(prisma: Db, userId: string): Promise<void> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { mustChangePassword: true, oneTimeSignInAt: true } });
  if (!user?.mustChangePassword) return;
  // Claimed atomically: of two sign-ins racing with the same password, one gets the session.
  const claimed = await prisma.user.updateMany({ where: { id: userId, oneTimeSignInAt: null }, data: { oneTimeSignInAt: new Date() } });
  if (claimed.count === 0) throw new APIError("FORBIDDEN", { message: ONE_TIME_USED_MESSAGE });
}
