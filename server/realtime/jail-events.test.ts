import { describe, expect, it } from "vitest";
import { jailOfEvent } from "./jail-events";

describe("jailOfEvent", () => {
  it("reads a jail's own events and its create steps, not template builds", () => {
    expect(jailOfEvent({ type: "jail.state", jail: "web1", state: "running", at: 1 })).toBe("web1");
    const progress = { type: "progress" as const, message: "lxc-create", fraction: 0.5, done: false, at: 1 };
    expect(jailOfEvent({ ...progress, task: "create:web1" })).toBe("web1");
    expect(jailOfEvent({ ...progress, task: "template:debian" })).toBeNull();
    expect(jailOfEvent({ ...progress, task: "create:../etc" })).toBeNull();
  });
});
