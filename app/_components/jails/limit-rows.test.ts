import { describe, expect, it } from "vitest";
import type { Usage } from "@/server/agent/protocol";
import { jailLimitRows, unsetLimitsText } from "./limit-rows";

const usage: Usage = {
  jail: "web",
  cpuSeconds: 1,
  cpuPercent: 50,
  memoryBytes: 1024,
  memoryLimitBytes: null,
  processCount: 3,
  processLimit: null,
  oomKills: 0,
  refusedForks: 0,
};

describe("jailLimitRows", () => {
  it("names every limit as unset, in display order, when the jail has none", () => {
    const rows = jailLimitRows({}, usage);
    expect(rows.set).toEqual([]);
    expect(rows.unset).toEqual(["Memory", "Processes", "CPU"]);
    expect(unsetLimitsText(rows)).toBe("No limits set");
  });

  it("takes the limit the kernel reports over the definition's, and leaves the rest unset", () => {
    const rows = jailLimitRows({ memoryBytes: 64 * 1024 * 1024 }, { ...usage, memoryLimitBytes: 32 * 1024 * 1024 });
    expect(rows.set.map(({ label, used, limit }) => ({ label, used, limit }))).toEqual([
      { label: "Memory", used: 1024, limit: 32 * 1024 * 1024 },
    ]);
    expect(unsetLimitsText(rows)).toBe("No limit on processes or CPU");
  });

  it("says nothing about unset limits when all are set", () => {
    const rows = jailLimitRows({ memoryBytes: 64 * 1024 * 1024, maxProcesses: 100, cpuPercent: 200 }, usage);
    expect(rows.set.map((row) => row.label)).toEqual(["Memory", "Processes", "CPU"]);
    expect(rows.set[2]!.format(rows.set[2]!.limit)).toBe("2.00 CPUs");
    expect(unsetLimitsText(rows)).toBe("");
  });

  it("lists one unset limit alone", () => {
    expect(unsetLimitsText(jailLimitRows({ maxProcesses: 10, cpuPercent: 100 }, usage))).toBe("No limit on memory");
  });
});
