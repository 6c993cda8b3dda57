import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { JailEvent } from "@/app/_live/use-jail-events";
import { buildBar, withBuildEvent, type HostBuilds } from "./template-builds";
import { BuildProgress } from "./template-picker";

/** A template build's progress as the agent sends it (lib/progress.ts; server/realtime/template-progress.test.ts). */
const progress = (fraction: number | null, message: string, done = false): JailEvent => ({
  type: "progress",
  host: "local",
  task: "template:debian",
  fraction,
  message,
  done,
  at: 0,
});

describe("the template build progress bar", () => {
  it("follows the agent's progress events for each template, newest first, to done", () => {
    const events = [progress(null, "fetch the package lists"), progress(0.25, "unpack base"), progress(0.8, "configure base")];
    let builds: HostBuilds = {};
    const seen = events.map((event) => buildBar((builds = withBuildEvent(builds, event)).local!.debian!));
    expect(seen).toEqual([
      { done: false, value: null, message: "fetch the package lists" },
      { done: false, value: 0.25, message: "unpack base" },
      { done: false, value: 0.8, message: "configure base" },
    ]);
    builds = withBuildEvent(builds, { ...progress(1, "built"), task: "template:busybox" });
    expect(buildBar(builds.local!.debian!)).toMatchObject({ value: 0.8 });
    expect(buildBar(withBuildEvent(builds, progress(1, "finished", true)).local!.debian!)).toEqual({ done: true, failure: null });
    const failed = progress(null, "failed: debootstrap exited with 1", true);
    expect(buildBar(withBuildEvent(builds, failed).local!.debian!)).toEqual({ done: true, failure: "failed: debootstrap exited with 1" });
  });

  it("keeps each host's builds apart: another host's debian build is not this host's bar", () => {
    let builds = withBuildEvent({}, progress(0.25, "unpack base"));
    builds = withBuildEvent(builds, { ...progress(0.9, "configure base"), host: "build2" });
    expect(buildBar(builds.local!.debian!)).toMatchObject({ value: 0.25 });
    expect(buildBar(builds.build2!.debian!)).toMatchObject({ value: 0.9 });
    expect(withBuildEvent(builds, { ...progress(1, "finished", true), host: undefined })).toBe(builds);
  });

  it("renders the fraction as the progress element's value, none while the agent cannot tell, and a line when built", () => {
    const html = (event: JailEvent) => renderToStaticMarkup(createElement(BuildProgress, { name: "debian", event }));
    expect(html(progress(0.25, "unpack base"))).toMatch(/<progress aria-label="Building template debian"[^>]* max="1" value="0.25">/);
    expect(html(progress(0.25, "unpack base"))).toContain("unpack base");
    expect(html(progress(null, "fetch the package lists"))).not.toContain("value=");
    expect(html(progress(1, "finished", true))).toContain("Template debian is built.");
    expect(html(progress(null, "failed: no route to deb.debian.org", true))).toContain(
      "Template debian was not built: failed: no route to deb.debian.org",
    );
  });
});
