import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { usernameSchema } from "@/server/auth/username";
import { checkScopeValue, roleOverScope } from "../grant-input";
import { requireAtomicPermission, router } from "../init";

const grantInput = z.object({ username: usernameSchema, ...roleOverScope }).superRefine(checkScopeValue);

/** Grants: a role over the whole host, one jail, or every jail carrying a tag. A user may hold several. */
export const grantsRouter = router({
  add: requireAtomicPermission("team.manage")
    .input(grantInput)
    .mutation(async ({ ctx, input }) => {
      const user = await ctx.db.user.findUnique({ where: { username: input.username }, select: { id: true } });
      if (!user) throw new TRPCError({ code: "NOT_FOUND", message: `There is no user named ${input.username}.` });
      const scopeValue = input.scopeType === "host" ? ctx.hostId : input.scopeValue;
      const key = { userId: user.id, roleName: input.role, hostId: ctx.hostId, scopeType: input.scopeType, scopeValue };
      if (await ctx.db.grant.findFirst({ where: key })) {
        throw new TRPCError({
          code: "CONFLICT",
          message: `${input.username} already has ${input.role} on ${input.scopeType} ${scopeValue}.`,
        });
      }
      return ctx.db.grant.create({ data: key });
    }),

  remove: requireAtomicPermission("team.manage")
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
      return { id: grant.id, username: grant.user.username };
    }),
});
