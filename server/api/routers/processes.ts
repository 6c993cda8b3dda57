import * as agent from "@/server/agent-client/methods";
import { signalProcessInputSchema } from "@/server/agent/protocol";
import { jailTarget, requireHostPermission, router, type TargetOf } from "../init";

/** A jail's process is the jail's business; a host process (jail: null) needs the permission on the host. */
const processScope: TargetOf = (rawInput) => {
  const jail = (rawInput as { jail?: unknown } | undefined)?.jail;
  return jail === null ? { kind: "host" } : jailTarget({ name: jail });
};

export const processesRouter = router({
  signal: requireHostPermission("processes.signal", processScope)
    .input(signalProcessInputSchema)
    .mutation(({ ctx, input }) => agent.signalProcess(ctx.agent, input)),
});
