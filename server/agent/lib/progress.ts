import type { ProgressReporter } from "../drivers/driver";
import type { AgentEvent } from "../protocol";

/**
 * Runs a long task with progress events under `task` ("create:www1", "template:debian"): each
 * report as it comes, then one marked done: "finished" at fraction 1, or why it failed, at none.
 */
export async function withProgress<T>(
  emit: (event: AgentEvent) => void,
  task: string,
  run: (progress: ProgressReporter) => Promise<T>,
): Promise<T> {
  const send = (message: string, fraction: number | null, done: boolean) =>
    emit({ type: "progress", task, message, fraction, done, at: Date.now() });
  try {
    const result = await run((message, fraction) => send(message, fraction, false));
    send("finished", 1, true);
    return result;
  } catch (error) {
    send(`failed: ${error instanceof Error ? error.message : String(error)}`, null, true);
    throw error;
  }
}
