import type { SignalProcessInput } from "../../protocol";
import { checkSignalTarget } from "../signal-target";
import type { DriverContext } from "./context";
import { processSnapshot } from "./observe";

/** Checks the target against a fresh ps, then runs kill(1) with the signal's name and the host pid. */
export async function signalProcess(ctx: DriverContext, input: SignalProcessInput, now: number, agentPid = process.pid): Promise<void> {
  checkSignalTarget(await processSnapshot(ctx, now), input, agentPid);
  await ctx.runner.run(["kill", "-s", input.signal, String(input.pid)]);
}
