import { describe, expect, it } from "vitest";
import { parsePool } from "../shared/ip-pool";
import { acceptedConfigEdits } from "./accept-config";
import { compareSettings, configDrift, expectedSettings, reconcilingLimits } from "./drift";
import { renderJailConfig } from "./lxc-config";
import type { JailDefinition } from "./store";

const def: JailDefinition = {
  name: "web1",
  template: "busybox",
  hostname: "web1",
  ipv4: "10.0.3.5",
  vethPair: "stk0123456789ab",
  limits: { memoryBytes: 64 * 1024 * 1024, maxProcesses: 100, cpuPercent: null },
  parameters: {},
  autostart: false,
  tags: [],
  createdAt: 0,
  security: { privileged: false, idRangeStart: 100_000, rootfs: "lxc" },
  mounts: [],
};

describe("Linux drift: the running cgroup against the definition", () => {
  it("expects each limit's controller file, max where the definition sets none", () => {
    expect(expectedSettings(def, 2)).toEqual([
      { key: "memory.max", value: "67108864" },
      { key: "pids.max", value: "100" },
      { key: "cpu.max", value: "max 100000" },
    ]);
  });

  it("flags a limit changed with lxc-cgroup, and nothing while they agree", () => {
    const agreeing = new Map([
      ["memory.max", "67108864"],
      ["pids.max", "100"],
      ["cpu.max", "max 100000"],
    ]);
    expect(compareSettings(expectedSettings(def, 2), agreeing)).toEqual([]);
    const changed = new Map([...agreeing, ["pids.max", "42"], ["cpu.max", "50000 100000"]]);
    expect(compareSettings(expectedSettings(def, 2), changed)).toEqual([
      { key: "limits.pids.max", defined: "100", running: "42" },
      { key: "limits.cpu.max", defined: "max 100000", running: "50000 100000" },
    ]);
  });

  it("reconciles both ways: the definition's limits again, or the running ones written down", () => {
    const drift = [
      { key: "limits.pids.max", defined: "100", running: "42" },
      { key: "limits.cpu.max", defined: "max 100000", running: "50000 100000" },
    ];
    expect(reconcilingLimits(def, drift, "definition")).toEqual({ maxProcesses: 100, cpuPercent: null });
    expect(reconcilingLimits(def, drift, "running")).toEqual({ maxProcesses: 42, cpuPercent: 50 });
    expect(reconcilingLimits(def, [{ key: "limits.memory.max", defined: "67108864", running: "max" }], "running")).toEqual({
      memoryBytes: null,
    });
  });
});

describe("Linux drift: Stockade's block of the config edited by hand", () => {
  const ctx = { bridge: "stockade0", pool: parsePool("10.0.3.0/24"), cgroupVersion: 2 as const, appArmor: true };
  const written = renderJailConfig("lxc.rootfs.path = dir:/var/lib/stockade/lxc/web1/rootfs\n", def, ctx);

  it("finds nothing in the config Stockade wrote, whatever the maker's own lines say", () => {
    expect(configDrift(written, def, ctx)).toEqual([]);
    expect(configDrift(`# a comment of the admin\n${written}`, def, ctx)).toEqual([]);
  });

  it("names each managed key edited, with the definition's and the file's value", () => {
    const edited = written.replace("lxc.uts.name = web1", "lxc.uts.name = other").replace("lxc.cgroup2.pids.max = 100\n", "");
    expect(configDrift(edited, def, ctx)).toEqual([
      { key: "config:lxc.uts.name", defined: "web1", running: "other" },
      { key: "config:lxc.cgroup2.pids.max", defined: "100", running: null },
    ]);
  });

  it("accepts the file's hostname and limits into the definition, and refuses an edited address or security line", () => {
    const edited = written.replace("lxc.uts.name = web1", "lxc.uts.name = other").replace("lxc.cgroup2.pids.max = 100\n", "");
    expect(acceptedConfigEdits("web1", configDrift(edited, def, ctx))).toEqual({ hostname: "other", limits: { maxProcesses: null } });
    const moved = written.replace("ipv4.address = 10.0.3.5/", "ipv4.address = 10.0.3.99/");
    expect(() => acceptedConfigEdits("web1", configDrift(moved, def, ctx))).toThrow(/lxc\.net\.0\.ipv4\.address/);
    const zero = written.replace("lxc.cgroup2.pids.max = 100", "lxc.cgroup2.pids.max = 0");
    expect(() => acceptedConfigEdits("web1", configDrift(zero, def, ctx))).toThrow(/limits\.maxProcesses/);
  });
});
