import { AgentError, type ProcessSnapshot, type SignalProcessInput } from "../../protocol";
import { checkSignalTarget } from "../signal-target";

/** Checks the target against a fresh snapshot, then signals it (kill(2): no command involved). */
export function sendSignal(snapshot: ProcessSnapshot, input: SignalProcessInput, agentPid = process.pid): void {
  checkSignalTarget(snapshot, input, agentPid);
  try {
    process.kill(input.pid, `SIG${input.signal}`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH")
      throw new AgentError("not_found", `Process ${input.pid} is gone: it has exited.`);
    throw new AgentError("engine_failed", `Could not signal process ${input.pid}: ${(error as Error).message}`);
  }
}
