import type { JailEvent } from "@/app/_live/use-jail-events";

/** The template a build's progress is about: the agent names the task "template:NAME". */
export function templateOfBuild(event: JailEvent): string {
  return event.task?.split(":", 2)[1] ?? "";
}

/** The builds so far with `event` as the newest of its template: the bar shows only the latest. */
export function withBuildEvent(builds: Record<string, JailEvent>, event: JailEvent): Record<string, JailEvent> {
  return { ...builds, [templateOfBuild(event)]: event };
}

export type BuildBar = { done: true; failure: string | null } | { done: false; value: number | null; message: string };

/**
 * What the bar shows: done (the agent's last event has fraction 1 when the build finished, none
 * and why when it failed), or the fraction the agent reported (null while it cannot tell) and its message.
 */
export function buildBar(event: JailEvent): BuildBar {
  if (event.done) return { done: true, failure: event.fraction === 1 ? null : (event.message ?? "failed") };
  return { done: false, value: typeof event.fraction === "number" ? event.fraction : null, message: event.message ?? "" };
}
