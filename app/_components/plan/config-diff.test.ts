import { describe, expect, it } from "vitest";
import { configDiff, diffSummary } from "./config-diff";

describe("configDiff", () => {
  it("marks a changed limit as one line removed and one added, the rest kept", () => {
    const before = "lxc.uts.name = web1\nlxc.cgroup2.memory.max = 268435456\n";
    const after = "lxc.uts.name = web1\nlxc.cgroup2.memory.max = 536870912\n";
    expect(configDiff(before, after)).toEqual([
      { kind: "same", text: "lxc.uts.name = web1" },
      { kind: "remove", text: "lxc.cgroup2.memory.max = 268435456" },
      { kind: "add", text: "lxc.cgroup2.memory.max = 536870912" },
    ]);
    expect(diffSummary(configDiff(before, after))).toBe("1 line added, 1 removed");
  });

  it("shows a new jail's whole configuration as added and a destroyed one's as removed", () => {
    expect(configDiff(null, "a = 1\nb = 2\n").map((l) => l.kind)).toEqual(["add", "add"]);
    expect(configDiff("a = 1\n", null)).toEqual([{ kind: "remove", text: "a = 1" }]);
    expect(diffSummary(configDiff("a\n", "a\n"))).toBe("no change");
  });
});
