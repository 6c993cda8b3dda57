import type { JailEvent } from "@/app/_live/use-jail-events";

/** The template a build's progress is about: the agent names the task "template:NAME". */
export function templateOfBuild(event: JailEvent): string {
  return event.task?.split(":", 2)[1] ?? "";
}

/** The newest build event of each template, per host: the page shows its host's only. */
export type HostBuilds = Readonly<Record<string, Readonly<Record<string, JailEvent>>>>;

/**
 * The builds so far with `event` as the newest of its template on its host: the bar shows only the
 * latest. The server names the host on every event; one that names none is nobody's.
 */
export function withBuildEvent(builds: HostBuilds, event: JailEvent): HostBuilds {
  if (!event.host) return builds;
  return { ...builds, [event.host]: { ...builds[event.host], [templateOfBuild(event)]: event } };
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
