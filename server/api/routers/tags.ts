import { z } from "zod";
import * as agent from "@/server/agent-client/methods";
import { jailNameSchema, tagSchema } from "@/server/agent/protocol/names";
import { jailTarget, requireHostPermission, router } from "../init";

/** Tags live in the agent's jail definition, so they survive restarts and tag grants follow them at once. */
export const tagsRouter = router({
  set: requireHostPermission("jails.manage", jailTarget)
    .input(z.object({ name: jailNameSchema, tags: z.array(tagSchema).max(16, "A jail has at most 16 tags") }))
    .mutation(async ({ ctx, input }) => {
      const tags = [...new Set(input.tags)].sort();
      const result = await agent.changeJail(ctx.agent, { name: input.name, tags });
      return { name: input.name, tags: result.jail.tags };
    }),
});
