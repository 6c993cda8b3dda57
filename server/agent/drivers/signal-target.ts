import { AgentError, type ProcessSnapshot, type SignalProcessInput } from "../protocol";

/**
 * Whether `input` still names the process the caller saw: same pid, same jail (or the host),
 * same start time. A stale tree is refused rather than hitting whatever holds the pid now.
 */
export function checkSignalTarget(snapshot: ProcessSnapshot, input: SignalProcessInput, agentPid: number): void {
  const where = input.jail === null ? "on the host" : `in jail ${input.jail}`;
  if (input.pid === agentPid) throw new AgentError("invalid_input", "Stockade's agent does not signal itself.", { field: "pid" });
  if (input.jail === null && input.pid === 1) {
    throw new AgentError("invalid_input", "The host's init (pid 1) cannot be signalled from Stockade.", { field: "pid" });
  }
  const process = snapshot.processes.find((candidate) => candidate.pid === input.pid);
  if (!process) throw new AgentError("not_found", `Process ${input.pid} is gone: it has exited.`, { field: "pid" });
  if (process.jail !== input.jail) {
    const actual = process.jail === null ? "a host process" : `in jail ${process.jail}`;
    throw new AgentError("conflict", `Process ${input.pid} is not ${where} (it is ${actual}); refresh the tree and try again.`, {
      field: "pid",
    });
  }
  if (process.container !== undefined) {
    const name = snapshot.unmanagedContainers?.[process.container]?.name ?? process.container;
    throw new AgentError(
      "unsupported",
      `Process ${input.pid} runs in container ${name}, which Stockade does not manage: it is shown, never acted on.`,
      {
        field: "pid",
      },
    );
  }
  if (process.startedAt !== input.startedAt) {
    throw new AgentError("conflict", `Process ${input.pid} ${where} is a different process than the one shown; refresh the tree.`, {
      field: "pid",
    });
  }
}
