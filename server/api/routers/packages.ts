import * as agent from "@/server/agent-client/methods";
import { installPackagesInputSchema } from "@/server/agent/protocol";
import { jailTarget, requireHostPermission, router } from "../init";

/** `jails.packages.*`: what `pkg -j NAME install` is on FreeBSD, for both drivers. Progress arrives as agent progress events. */
export const jailPackagesRouter = router({
  install: requireHostPermission("jails.manage", jailTarget)
    .input(installPackagesInputSchema)
    .mutation(({ ctx, input }) => agent.installPackages(ctx.agent, input.name, input.packages)),
});
