import type { AgentEvent } from "../../protocol";
import { consoleLogPath, type DriverContext } from "./context";

const readLog = (ctx: DriverContext, name: string) => ctx.runner.readFile(consoleLogPath(ctx, name)).catch(() => null);

/**
 * jail(8) writes what exec.start and exec.stop print (the jail's rc) to exec.consolelog:
 * what the file gained while `task` ran is the boot or shutdown output, sent as one event.
 */
export async function withConsoleOutput<T>(
  ctx: DriverContext,
  name: string,
  phase: "start" | "stop",
  emit: (event: AgentEvent) => void,
  task: () => Promise<T>,
): Promise<T> {
  const before = (await readLog(ctx, name)) ?? "";
  try {
    return await task();
  } finally {
    const after = (await readLog(ctx, name)) ?? "";
    const data = after.startsWith(before) ? after.slice(before.length) : after;
    if (data) emit({ type: "jail.output", jail: name, phase, data, at: Date.now() });
  }
}
