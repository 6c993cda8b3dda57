import { describe, expect, it } from "vitest";
import { parseLstart, parsePs, PS_ARGV } from "./parse-ps";
import { recorded } from "./test-support";

describe("parsePs", () => {
  const processes = parsePs(recorded("ps.json"));
  const byPid = new Map(processes.map((p) => [p.pid, p]));

  it("reads every process, host and jails, tolerating __version", () => {
    expect(processes.length).toBeGreaterThanOrEqual(15);
    expect(new Set(processes.map((p) => p.jail))).toEqual(new Set([null, "www1", "db1", "dev1"]));
  });

  it('treats jail name "-" as the host', () => {
    expect(byPid.get(1)).toMatchObject({ jid: 0, jail: null, jailed: false, user: "root" });
  });

  it("converts string values to numbers and KiB to bytes", () => {
    expect(byPid.get(1251)).toMatchObject({
      pid: 1251,
      ppid: 1250,
      jid: 1,
      jail: "www1",
      uid: 80,
      user: "www",
      cpuPercent: 2.3,
      memoryPercent: 0.2,
      rssBytes: 14336 * 1024,
      vszBytes: 30000 * 1024,
      elapsedSeconds: 79990,
    });
  });

  it("shows a jail-only user by number and reads the J flag", () => {
    expect(byPid.get(1450)).toMatchObject({ uid: 770, user: "770", state: "SsJ", jailed: true });
  });

  it("keeps a raw TAB inside the arguments", () => {
    expect(byPid.get(1650)?.args).toBe("python3.11 -c print('a\tb')");
  });

  it("reads lstart as UTC, with a space-padded day", () => {
    expect(byPid.get(911)?.startedAt).toBe(Date.UTC(2025, 1, 28, 11, 56, 30));
    expect(parseLstart("Sat Mar  1 09:05:00 2025")).toBe(Date.UTC(2025, 2, 1, 9, 5, 0));
  });

  it("asks ps for the exact column list with args last, in UTC and the C locale", () => {
    expect(PS_ARGV.join(" ")).toBe(
      "env LC_ALL=C TZ=UTC ps -ax -ww -o pid,ppid,jid,jail,uid,user,%cpu,%mem,rss,vsz,etimes,lstart,state,comm,args --libxo json",
    );
  });

  it("refuses a row with a non-numeric pid", () => {
    const bad = recorded("ps.json").replace('"pid":"1"', '"pid":"x"');
    expect(() => parsePs(bad)).toThrow(/non-numeric pid/);
  });
});
