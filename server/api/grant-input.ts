import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { jailNameSchema, tagSchema } from "@/server/agent/protocol/names";
import { EVERY_HOST, ROLE_NAMES, SCOPE_TYPES } from "@/server/auth/permissions";
import type { Db } from "@/server/db/types";
import { hostIdSchema, LOCAL_HOST_ID } from "@/server/hosts";

/** A role over a scope, as grants and API tokens take it: unknown roles or scope types refused in a sentence. */
export const roleOverScope = {
  role: z.enum(ROLE_NAMES, { error: `Role must be one of ${ROLE_NAMES.join(", ")}` }),
  scopeType: z.enum(SCOPE_TYPES, { error: `Scope must be one of ${SCOPE_TYPES.join(", ")}` }),
  scopeValue: z.string().default(""),
};

/** A jail need not exist yet (jails come and go); its name must still be a valid one, as must a tag. */
export function checkScopeValue(input: { scopeType: string; scopeValue: string }, ctx: z.RefinementCtx): void {
  const schema = input.scopeType === "jail" ? jailNameSchema : input.scopeType === "tag" ? tagSchema : null;
  const parsed = schema?.safeParse(input.scopeValue);
  if (parsed && !parsed.success) ctx.addIssue({ code: "custom", path: ["scopeValue"], message: parsed.error.issues[0]!.message });
}

/** The host a grant or token covers: a recorded host's id, or "*" (every host), which only a tag may name. */
export const grantHost = z.union([hostIdSchema, z.literal(EVERY_HOST)]).default(LOCAL_HOST_ID);

export function checkGrantHost(input: { host: string; scopeType: string }, ctx: z.RefinementCtx): void {
  if (input.host === EVERY_HOST && input.scopeType !== "tag") {
    ctx.addIssue({
      code: "custom",
      path: ["host"],
      message: "Only a tag grant can cover every host: name one host for a jail or a whole host",
    });
  }
}

/** null for every host; otherwise a host the Host table knows (a grant on an unrecorded one would cover nothing). */
export async function grantHostId(db: Db, host: string): Promise<string | null> {
  if (host === EVERY_HOST) return null;
  if (!(await db.host.findUnique({ where: { id: host }, select: { id: true } }))) {
    throw new TRPCError({ code: "NOT_FOUND", message: `There is no host named ${host}.` });
  }
  return host;
}
