import { beforeAll, describe, expect, it } from "vitest";
import { setLiveDataMode, type LiveDataMode } from "@/server/fleet/status";
import type { Caller } from "../init";
import { openRouterBed } from "../test-support/router-bed";

// host.liveData is what the "live data degraded" banner polls: it must answer the mode the web
// tier last recorded in server/fleet/status, not a value of its own.

const { caller, makeCaller } = await openRouterBed();

let viewer: Caller;

beforeAll(async () => {
  viewer = await makeCaller("livedata-viewer", [{ role: "viewer", scopeType: "jail", scopeValue: "www1" }]);
});

const liveData = () => caller(viewer).host.liveData();

/** Records the mode as the web tier's Redis clients do, and the moments just before and after. */
function recordMode(mode: LiveDataMode): { before: number; after: number } {
  const before = Date.now();
  setLiveDataMode(mode, () => undefined);
  return { before, after: Date.now() };
}

function expectSinceWithin(since: string, window: { before: number; after: number }) {
  expect(Date.parse(since)).toBeGreaterThanOrEqual(window.before);
  expect(Date.parse(since)).toBeLessThanOrEqual(window.after);
}

describe("host.liveData answers the live-data state the web tier records", () => {
  it("says single-process while no web tier recorded anything (no Redis configured)", async () => {
    expect(await liveData()).toMatchObject({ mode: "single-process", message: expect.stringMatching(/^One web process/) });
  });

  it("says shared once Redis is reached, and since when", async () => {
    const window = recordMode("shared");
    const status = await liveData();
    expect(status).toMatchObject({ mode: "shared", message: expect.stringMatching(/shared between web processes through Redis/) });
    expectSinceWithin(status.since, window);
  });

  it("says degraded, with its message and since, when Redis goes away; the same mode again keeps since", async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    const window = recordMode("degraded");
    const status = await liveData();
    expect(status).toMatchObject({
      mode: "degraded",
      message: expect.stringMatching(/^Redis is unreachable: live data from other web processes is degraded/),
    });
    expectSinceWithin(status.since, window);
    recordMode("degraded");
    expect((await liveData()).since).toBe(status.since);
  });

  it("says shared again when Redis is back", async () => {
    const window = recordMode("shared");
    const status = await liveData();
    expect(status.mode).toBe("shared");
    expectSinceWithin(status.since, window);
  });

  it("is refused to a caller who is not signed in", async () => {
    await expect(caller(null).host.liveData()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
