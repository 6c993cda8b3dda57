import { describe, expect, it } from "vitest";
import type { LayoutJailResult } from "./apply";
import { LayoutRuns } from "./runs";

const result = (name: string): LayoutJailResult => ({
  name,
  role: name,
  description: "web server",
  address: "10.0.0.2",
  service: { protocol: "tcp", port: 80, name: "http" },
  ok: true,
  error: null,
});

/** A build the test finishes by hand, so what the page polls in between can be seen. */
function controlledBuild() {
  let finish!: (results: LayoutJailResult[]) => void;
  let fail!: (error: Error) => void;
  let step!: (jail: string, step: string) => void;
  const build = (onStep: (jail: string, step: string) => void) => {
    step = onStep;
    return new Promise<LayoutJailResult[]>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
  };
  return { build, finish: (r: LayoutJailResult[]) => finish(r), fail: (e: Error) => fail(e), step: (j: string, s: string) => step(j, s) };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("layout builds as the page polls them", () => {
  it("shows each jail's steps while the build runs, then its results", async () => {
    const runs = new LayoutRuns();
    const build = controlledBuild();
    const { id } = runs.start("admin", build.build);
    build.step("www1", "creating from busybox at 10.0.0.2");
    build.step("www1", "starting");
    expect(runs.get(id)).toMatchObject({ done: false, results: null, startedBy: "admin" });
    expect(runs.get(id).steps.map((s) => `${s.jail}: ${s.step}`)).toEqual(["www1: creating from busybox at 10.0.0.2", "www1: starting"]);
    build.finish([result("www1")]);
    await settle();
    expect(runs.get(id)).toMatchObject({ done: true, results: [result("www1")], error: null });
  });

  it("refuses a second build while one runs, and allows one after it failed", async () => {
    const runs = new LayoutRuns();
    const first = controlledBuild();
    runs.start("admin", first.build);
    expect(() => runs.start("other", controlledBuild().build)).toThrow(/being created already/);
    first.fail(new Error("agent went away"));
    await settle();
    const again = runs.start("other", controlledBuild().build);
    expect(runs.get(again.id).done).toBe(false);
  });

  it("says what a failed build's error was, and forgets finished builds after an hour", async () => {
    let now = 0;
    const runs = new LayoutRuns(() => now);
    const build = controlledBuild();
    const { id } = runs.start("admin", build.build);
    build.fail(new Error("agent went away"));
    await settle();
    expect(runs.get(id)).toMatchObject({ done: true, error: "agent went away" });
    now = 61 * 60_000;
    runs.start("admin", controlledBuild().build);
    expect(() => runs.get(id)).toThrow(/No layout build/);
  });
});
