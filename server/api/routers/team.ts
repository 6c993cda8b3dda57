import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { ROLE_NAMES } from "@/server/auth/permissions";
import { createUser, placeholderEmail, resetPassword, usernameSchema } from "@/server/auth/users";
import { endSessions } from "@/server/auth/session-ends";
import type { Db } from "@/server/db/types";
import { enrolledHosts } from "@/server/fleet/hosts";
import { sessionIdSchema, sessionsOf } from "./session-list";
import { hostTarget, requireAtomicPermission, requirePermission, router, type AuditTargetOf } from "../init";

/** Team changes are about a user: the audit log names them (and the role given), not the host. */
const userTarget: AuditTargetOf = (raw) => {
  const input = raw as { username?: unknown; role?: unknown } | undefined;
  if (typeof input?.username !== "string") return null;
  const role = typeof input.role === "string" ? ` as ${input.role}` : "";
  return { targetType: "user", target: `${input.username}${role}` };
};

async function requireUser(db: Db, username: string): Promise<string> {
  const user = await db.user.findUnique({ where: { username }, select: { id: true } });
  if (!user) throw new TRPCError({ code: "NOT_FOUND", message: `There is no user named ${username}.` });
  return user.id;
}

const userView = {
  id: true,
  username: true,
  name: true,
  disabled: true,
  createdAt: true,
  grants: true,
  twoFactorEnabled: true,
  twoFactorRequired: true,
} as const;

export const teamRouter = router({
  list: requirePermission("team.manage").query(({ ctx }) => ctx.db.user.findMany({ select: userView, orderBy: { username: "asc" } })),

  /** Every host a grant can name (this machine and each recorded remote host), for the grant form. */
  hosts: requirePermission("team.manage").query(({ ctx }) => enrolledHosts(ctx.db)),

  create: requireAtomicPermission("team.manage", hostTarget, userTarget)
    .input(z.object({ username: usernameSchema, name: z.string().trim().min(1).max(100), role: z.enum(ROLE_NAMES) }))
    .mutation(async ({ ctx, input }) => {
      if (await ctx.db.user.findUnique({ where: { username: input.username } })) {
        throw new TRPCError({ code: "CONFLICT", message: `A user named ${input.username} already exists.` });
      }
      const created = await createUser(input, ctx.db);
      return { id: created.id, username: created.username, oneTimePassword: created.password };
    }),

  resetPassword: requirePermission("team.manage", hostTarget, userTarget)
    .input(z.object({ username: usernameSchema }))
    .mutation(async ({ ctx, input }) => {
      await requireUser(ctx.db, input.username);
      const reset = await resetPassword(input.username);
      return { username: reset.username, oneTimePassword: reset.password };
    }),

  /** The only way a username changes: audit events keep the name the user had when they acted. */
  rename: requireAtomicPermission("team.manage", hostTarget, userTarget)
    .input(z.object({ username: usernameSchema, newUsername: usernameSchema }))
    .mutation(async ({ ctx, input }) => {
      await requireUser(ctx.db, input.username);
      if (await ctx.db.user.findUnique({ where: { username: input.newUsername }, select: { id: true } })) {
        throw new TRPCError({ code: "CONFLICT", message: `A user named ${input.newUsername} already exists.` });
      }
      await ctx.db.user.update({
        where: { username: input.username },
        data: { username: input.newUsername, displayUsername: input.newUsername, email: placeholderEmail(input.newUsername) },
      });
      return { username: input.newUsername };
    }),

  // Not atomic: ending sessions makes the socket server re-check them at once, before a transaction would commit.
  setDisabled: requirePermission("team.manage", hostTarget, userTarget)
    .input(z.object({ username: usernameSchema, disabled: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      if (input.username === ctx.caller.username) {
        throw new TRPCError({ code: "BAD_REQUEST", message: "You cannot disable your own account." });
      }
      await requireUser(ctx.db, input.username);
      const user = await ctx.db.user.update({ where: { username: input.username }, data: { disabled: input.disabled } });
      // Ends their sessions and, through the same call, their sockets (consoles among them) at once.
      if (input.disabled) await endSessions(ctx.db, user.id);
      return { username: input.username, disabled: input.disabled };
    }),

  /** Requires (or stops requiring) a second factor of a user: without one enrolled, their next request leads to the setup. */
  setTwoFactorRequired: requireAtomicPermission("team.manage", hostTarget, userTarget)
    .input(z.object({ username: usernameSchema, required: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      await requireUser(ctx.db, input.username);
      await ctx.db.user.update({ where: { username: input.username }, data: { twoFactorRequired: input.required } });
      return { username: input.username, required: input.required };
    }),

  /** A user's sign-in sessions, for an admin to see and end. */
  sessions: requirePermission("team.manage")
    .input(z.object({ username: usernameSchema }))
    .query(async ({ ctx, input }) => sessionsOf(ctx.db, await requireUser(ctx.db, input.username), ctx.caller.sessionId)),

  endSession: requirePermission("team.manage", hostTarget, userTarget)
    .input(z.object({ username: usernameSchema, id: sessionIdSchema }))
    .mutation(async ({ ctx, input }) => {
      const userId = await requireUser(ctx.db, input.username);
      if ((await endSessions(ctx.db, userId, input.id)) === 0) {
        throw new TRPCError({ code: "NOT_FOUND", message: `${input.username} has no such session (it may have ended already).` });
      }
      return { username: input.username, ended: input.id };
    }),
});
