import { describe, expect, it } from "vitest";
import { parseRacctEnabled, parseRctlRules, parseRctlUsage, RCTL_RESOURCES } from "./parse-rctl";
import { fixture, recorded } from "./test-support";

describe("parseRctlUsage", () => {
  it("reads all 25 resources in kernel order", () => {
    const text = recorded("rctl-u-db1.txt");
    expect(
      text
        .trim()
        .split("\n")
        .map((l) => l.split("=")[0]),
    ).toEqual([...RCTL_RESOURCES]);
    const usage = parseRctlUsage(text);
    expect(RCTL_RESOURCES).toHaveLength(25);
    expect(usage).toMatchObject({ cputime: 1803, memoryuse: 434110464, maxproc: 4, pcpu: 3, shmsize: 148897792 });
  });

  it("ignores resources a newer kernel adds", () => {
    expect(parseRctlUsage("cputime=1\nfutureresource=9\n").cputime).toBe(1);
  });

  it("refuses humanised values", () => {
    expect(() => parseRctlUsage("memoryuse=41M\n")).toThrow(/unreadable/);
  });
});

describe("parseRctlRules", () => {
  it("reads jail:NAME:resource:action=amount", () => {
    expect(parseRctlRules(recorded("rctl-rules-www1.txt"))).toEqual([
      { subject: "jail", jail: "www1", resource: "memoryuse", action: "deny", amount: 2147483648, per: null },
      { subject: "jail", jail: "www1", resource: "maxproc", action: "deny", amount: 200, per: null },
      { subject: "jail", jail: "www1", resource: "pcpu", action: "deny", amount: 50, per: null },
    ]);
    expect(parseRctlRules(recorded("rctl-rules-dev1.txt"))).toEqual([]);
  });

  it("reads a per subject", () => {
    expect(parseRctlRules("jail:db1:readbps:throttle=1048576/jail\n")[0]?.per).toBe("jail");
  });
});

describe("parseRacctEnabled", () => {
  it("is on for 1, off for 0 and for a kernel without RACCT", () => {
    expect(parseRacctEnabled({ exitCode: 0, stdout: recorded("sysctl-racct.txt") })).toBe(true);
    expect(parseRacctEnabled({ exitCode: 0, stdout: "0\n" })).toBe(false);
    expect(parseRacctEnabled({ exitCode: 1, stdout: "" })).toBe(false);
    expect(fixture("sysctl-no-racct.stderr")).toContain("unknown oid");
  });
});
