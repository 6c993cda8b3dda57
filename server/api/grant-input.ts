import { z } from "zod";
import { jailNameSchema, tagSchema } from "@/server/agent/protocol/names";
import { ROLE_NAMES, SCOPE_TYPES } from "@/server/auth/permissions";

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
