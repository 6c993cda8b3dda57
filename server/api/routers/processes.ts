import * as agent from "@/server/agent-client/methods";
import { signalProcessInputSchema } from "@/server/agent/protocol";
import { hostIdSchema } from "@/server/hosts";
import { jailTarget, requireHostPermission, router, type TargetOf } from "../init";

/** A jail's process is the jail's business; a host process (jail: null) needs the permission on the host. */
const processScope: TargetOf = (rawInput) => {
  const jail = (rawInput as { jail?: unknown } | undefined)?.jail;
  return jail === null ? { kind: "host" } : jailTarget({ name: jail });
};

/** The agent's own (strict) input, plus the host the process is on; the agent is sent its part only. */
const signalInput = signalProcessInputSchema.extend({ host: hostIdSchema.optional() });

export const processesRouter = router({
  signal: requireHostPermission("processes.signal", processScope)
    .input(signalInput)
    .mutation(({ ctx, input: { host: _host, ...signal } }) => agent.signalProcess(ctx.agent, signal)),
});
