import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { generateApiToken, TOKEN_EVERY_HOST } from "@/server/auth/api-tokens";
import { checkGrantHost, checkScopeValue, grantHost, grantHostId, roleOverScope } from "../grant-input";
import { requireAtomicPermission, requirePermission, router } from "../init";

const DAY_MS = 86_400_000;

const createInput = z
  .object({
    name: z.string().trim().min(1, "Give the token a name").max(64),
    ...roleOverScope,
    host: grantHost,
    expiresInDays: z.number().int().min(1).max(3650).nullable().default(90),
  })
  .superRefine(checkScopeValue)
  .superRefine(checkGrantHost);

const tokenView = {
  id: true,
  name: true,
  prefix: true,
  roleName: true,
  hostId: true,
  scopeType: true,
  scopeValue: true,
  expiresAt: true,
  revokedAt: true,
  lastUsedAt: true,
  createdAt: true,
  user: { select: { username: true } },
} as const;

/** API tokens for scripts: a role over a scope on one host (or a tag on every host) like a grant, shown once, stored as a hash. */
export const tokensRouter = router({
  list: requirePermission("team.manage").query(({ ctx }) =>
    ctx.db.apiToken.findMany({ select: tokenView, orderBy: { createdAt: "desc" } }),
  ),

  create: requireAtomicPermission("team.manage")
    .input(createInput)
    .mutation(async ({ ctx, input }) => {
      const hostId = await grantHostId(ctx.db, input.host);
      const { token, hash, prefix } = generateApiToken();
      const row = await ctx.db.apiToken.create({
        data: {
          name: input.name,
          hash,
          prefix,
          userId: ctx.caller.id,
          roleName: input.role,
          hostId: hostId ?? TOKEN_EVERY_HOST,
          scopeType: input.scopeType,
          scopeValue: input.scopeType === "host" ? hostId! : input.scopeValue,
          expiresAt: input.expiresInDays === null ? null : new Date(Date.now() + input.expiresInDays * DAY_MS),
        },
      });
      return { id: row.id, name: row.name, token, expiresAt: row.expiresAt };
    }),

  revoke: requireAtomicPermission("team.manage")
    .input(z.object({ id: z.string().min(1).max(64) }))
    .mutation(async ({ ctx, input }) => {
      const row = await ctx.db.apiToken.findUnique({ where: { id: input.id } });
      if (!row) throw new TRPCError({ code: "NOT_FOUND", message: "There is no such token." });
      if (row.revokedAt) return { id: row.id, name: row.name, revokedAt: row.revokedAt };
      const revoked = await ctx.db.apiToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
      return { id: revoked.id, name: revoked.name, revokedAt: revoked.revokedAt };
    }),
});
