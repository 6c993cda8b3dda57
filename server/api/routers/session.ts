import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { newPasswordSchema } from "@/server/auth/one-time-password";
import { PERMISSIONS, hasAnywhere, isAllowed } from "@/server/auth/permissions";
import { endSessions } from "@/server/auth/session-ends";
import { changeOwnPassword, WrongPasswordError } from "@/server/auth/users";
import { requirePermission, router } from "../init";
import { sessionsOf, sessionIdSchema } from "./session-list";

export const sessionRouter = router({
  /** Who is signed in and what the shell may offer them. */
  me: requirePermission("signed-in").query(({ ctx }) => {
    const hostTarget = { kind: "host" as const, hostId: ctx.hostId };
    const onHost = PERMISSIONS.filter((permission) => isAllowed(ctx.caller.grants, permission, hostTarget));
    const somewhere = PERMISSIONS.filter((permission) => hasAnywhere(ctx.caller.grants, permission, ctx.hostId));
    return {
      id: ctx.caller.id,
      username: ctx.caller.username,
      name: ctx.caller.name,
      permissionsOnHost: onHost,
      permissionsSomewhere: somewhere,
    };
  }),

  /** Whether the caller signs in with a second factor, and whether they must. */
  twoFactor: requirePermission("signed-in").query(async ({ ctx }) => {
    const user = await ctx.db.user.findUniqueOrThrow({
      where: { id: ctx.caller.id },
      select: { twoFactorEnabled: true, twoFactorRequired: true },
    });
    return { enabled: user.twoFactorEnabled === true, required: user.twoFactorRequired };
  }),

  /** The caller's own sign-in sessions (device, address, created, last seen), the current one marked. */
  sessions: requirePermission("signed-in").query(({ ctx }) => sessionsOf(ctx.db, ctx.caller.id, ctx.caller.sessionId)),

  /** Ends one of the caller's own sessions (the current one too: that is signing out); its sockets close at once. */
  endSession: requirePermission("signed-in")
    .input(z.object({ id: sessionIdSchema }))
    .mutation(async ({ ctx, input }) => {
      if ((await endSessions(ctx.db, ctx.caller.id, input.id)) === 0) {
        throw new TRPCError({ code: "NOT_FOUND", message: "You have no such session (it may have ended already)." });
      }
      return { ended: input.id };
    }),

  /** The caller's own password; after a one-time password, the only thing allowed. */
  changePassword: requirePermission("own-password")
    .input(z.object({ currentPassword: z.string().min(1).max(256), newPassword: newPasswordSchema }))
    .mutation(async ({ ctx, input }) => {
      if (input.newPassword === input.currentPassword) {
        throw new TRPCError({ code: "BAD_REQUEST", message: "The new password must differ from the current one." });
      }
      try {
        await changeOwnPassword(ctx.db, ctx.caller.id, input.currentPassword, input.newPassword);
      } catch (error) {
        if (error instanceof WrongPasswordError) throw new TRPCError({ code: "BAD_REQUEST", message: error.message });
        throw error;
      }
      return { changed: true };
    }),
});
