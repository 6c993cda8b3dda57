import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { usernameSchema } from "@/server/auth/username";
import { grantsChanged } from "@/server/auth/session-ends";
import { checkGrantHost, checkScopeValue, grantHost, grantHostId, roleOverScope } from "../grant-input";
import { requirePermission, router } from "../init";

const grantInput = z
  .object({ username: usernameSchema, ...roleOverScope, host: grantHost })
  .superRefine(checkScopeValue)
  .superRefine(checkGrantHost);

const hostWords = (hostId: string | null) => (hostId === null ? "every host" : hostId);

/**
 * Grants: a role over a whole host, one jail on a host, or a tag's jails on one host or on every host. A user may hold several.
 * Not atomic (one write each): the user's open sockets re-read their grants at once, which inside a transaction would read the old ones.
 */
export const grantsRouter = router({
  add: requirePermission("team.manage")
    .input(grantInput)
    .mutation(async ({ ctx, input }) => {
      const user = await ctx.db.user.findUnique({ where: { username: input.username }, select: { id: true } });
      if (!user) throw new TRPCError({ code: "NOT_FOUND", message: `There is no user named ${input.username}.` });
      const hostId = await grantHostId(ctx.db, input.host);
      const scopeValue = input.scopeType === "host" ? hostId! : input.scopeValue;
      const key = { userId: user.id, roleName: input.role, hostId, scopeType: input.scopeType, scopeValue };
      if (await ctx.db.grant.findFirst({ where: key })) {
        throw new TRPCError({
          code: "CONFLICT",
          message: `${input.username} already has ${input.role} on ${input.scopeType} ${scopeValue} (${hostWords(hostId)}).`,
        });
      }
      const created = await ctx.db.grant.create({ data: key });
      grantsChanged(user.id);
      return created;
    }),

  remove: requirePermission("team.manage")
    .input(z.object({ id: z.string().min(1).max(64) }))
    .mutation(async ({ ctx, input }) => {
      const grant = await ctx.db.grant.findUnique({ where: { id: input.id }, include: { user: { select: { id: true, username: true } } } });
      if (!grant) throw new TRPCError({ code: "NOT_FOUND", message: "That grant does not exist (any more)." });
      const adminsLeft = await ctx.db.grant.count({
        where: { roleName: "admin", scopeType: "host", id: { not: grant.id }, user: { disabled: false } },
      });
      if (grant.roleName === "admin" && grant.scopeType === "host" && adminsLeft === 0) {
        throw new TRPCError({ code: "BAD_REQUEST", message: "This is the last admin grant: give another user admin first." });
      }
      await ctx.db.grant.delete({ where: { id: grant.id } });
      grantsChanged(grant.user.id);
      return { id: grant.id, username: grant.user.username };
    }),
});
