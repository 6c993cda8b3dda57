import { describe, expect, it } from "vitest";
import { parsePool } from "../shared/ip-pool";
import { RecordingRunner } from "../shared/recording-runner";
import { Lxc, parseLxcInfo, parseLxcLs } from "./lxc";
import { limitSettings, managedBlock, renderJailConfig, vethPairName } from "./lxc-config";
import type { JailDefinition } from "./store";

describe("limit settings", () => {
  it("uses cgroup v1 keys, with -1/max for no limit", () => {
    expect(limitSettings({ memoryBytes: 64 * 1024 * 1024, maxProcesses: 20, cpuPercent: 50 }, 1)).toEqual([
      { key: "memory.limit_in_bytes", value: "67108864" },
      { key: "pids.max", value: "20" },
      { key: "cpu.cfs_period_us", value: "100000" },
      { key: "cpu.cfs_quota_us", value: "50000" },
    ]);
    expect(limitSettings({ memoryBytes: null, maxProcesses: null, cpuPercent: null }, 1).map((s) => s.value)).toEqual([
      "-1",
      "max",
      "100000",
      "-1",
    ]);
  });

  it("uses cgroup v2 keys", () => {
    expect(limitSettings({ memoryBytes: 1024 * 1024 * 32, maxProcesses: 8, cpuPercent: 200 }, 2)).toEqual([
      { key: "memory.max", value: "33554432" },
      { key: "pids.max", value: "8" },
      { key: "cpu.max", value: "200000 100000" },
    ]);
  });

  it("leaves out limits that are not being changed", () => {
    expect(limitSettings({ maxProcesses: 5 }, 1)).toEqual([{ key: "pids.max", value: "5" }]);
  });
});

describe("LXC config block", () => {
  const def: JailDefinition = {
    name: "web1",
    template: "debian",
    hostname: "web1.example",
    ipv4: "10.213.0.5",
    vethPair: vethPairName("/var/lib/stockade/lxc", "web1"),
    limits: { memoryBytes: null, maxProcesses: 32, cpuPercent: null },
    parameters: { "allow.raw_sockets": false },
    autostart: false,
    tags: [],
    createdAt: 0,
    security: { privileged: false, idRangeStart: 0x4001_0000, rootfs: "shifted-overlay" },
    mounts: [],
  };

  it("writes network, limits, parameters and the Debian init", () => {
    const lines = managedBlock(def, { bridge: "stockade0", pool: parsePool("10.213.0.0/24"), cgroupVersion: 1, appArmor: false });
    expect(lines).toEqual(
      expect.arrayContaining([
        "lxc.uts.name = web1.example",
        "lxc.apparmor.profile = unconfined",
        "lxc.net.0.link = stockade0",
        `lxc.net.0.veth.pair = ${def.vethPair}`,
        "lxc.net.0.ipv4.address = 10.213.0.5/24 10.213.0.255",
        "lxc.net.0.ipv4.gateway = 10.213.0.1",
        "lxc.cgroup.pids.max = 32",
        "lxc.cap.drop = mac_admin mac_override sys_module sys_rawio sys_time sys_boot net_raw",
        "lxc.init.cmd = /sbin/init",
      ]),
    );
    expect(lines.some((l) => l.includes("memory"))).toBe(false);
  });

  const cases: Array<[string, Partial<JailDefinition>, string]> = [
    ["hostname", { hostname: "web1\nlxc.hook.pre-start = /tmp/x" }, "stockade0"],
    ["veth name", { vethPair: "stk\rlxc.x" }, "stockade0"],
    ["bridge", {}, "br0\0"],
  ];
  it.each(cases)("refuses to write a %s with a line break or NUL", (_what, change, bridge) => {
    const ctx = { bridge, pool: parsePool("10.213.0.0/24"), cgroupVersion: 2 as const, appArmor: true };
    expect(() => managedBlock({ ...def, ...change }, ctx)).toThrow(expect.objectContaining({ code: "internal" }));
  });

  it("keeps an adopted container's own network lines when its address is external to the pool", () => {
    const ctx = { bridge: "stockade0", pool: parsePool("10.213.0.0/24"), cgroupVersion: 2 as const, appArmor: true };
    const own =
      "lxc.rootfs.path = dir:/var/lib/lxc/old/rootfs\nlxc.net.0.type = veth\nlxc.net.0.link = lxcbr0\nlxc.net.0.ipv4.address = 192.168.5.9/24\n";
    const adopted = { ...def, template: "adopted", ipv4: "192.168.5.9", adopted: true, network: "external" as const };
    const text = renderJailConfig(own, adopted, ctx);
    expect(text.startsWith(own)).toBe(true);
    expect(text).not.toContain("stockade0");
    expect(renderJailConfig(own, { ...adopted, network: "pool" }, ctx)).not.toContain("lxcbr0");
  });

  it("keeps veth names within 15 characters and apart per LXC path", () => {
    expect(def.vethPair).toHaveLength(15);
    expect(vethPairName("/a", "web1")).not.toBe(vethPairName("/b", "web1"));
  });
});

describe("lxc-info parsing", () => {
  it("reads one container's state, init pid and IPv4 addresses; a stopped one has neither", () => {
    const running = "State:          RUNNING\nPID:            4242\nIP:             10.0.0.2\nIP:             fd00::2\n";
    expect(parseLxcInfo("web1", running)).toEqual({ name: "web1", state: "RUNNING", pid: 4242, ipv4: ["10.0.0.2"] });
    expect(parseLxcInfo("old", "State:          STOPPED\n")).toEqual({ name: "old", state: "STOPPED", pid: null, ipv4: [] });
  });
});

describe("lxc-ls parsing", () => {
  it("reads names, states, pids and address lists", () => {
    const out = "NAME  STATE   PID  IPV4\nweb1  RUNNING 4242 10.0.0.2, 10.0.0.3\nold   STOPPED -    -\n";
    expect(parseLxcLs(out)).toEqual([
      { name: "web1", state: "RUNNING", pid: 4242, ipv4: ["10.0.0.2", "10.0.0.3"] },
      { name: "old", state: "STOPPED", pid: null, ipv4: [] },
    ]);
  });
});

describe("lxc-ls shared by callers that ask while it runs", () => {
  const argv = ["lxc-ls", "-P", "/l", "-f", "-F", "NAME,STATE,PID,IPV4"];

  it("runs one listing for concurrent callers, a new one once it is done, and a new one after a change", async () => {
    const runner = new RecordingRunner([[argv, { stdout: "NAME STATE PID IPV4\nweb1 RUNNING 4242 -\n" }]]);
    const lxc = new Lxc(runner, "/l");
    const [a, b] = await Promise.all([lxc.list(), lxc.list()]);
    expect(a).toEqual(b);
    expect(runner.commands).toEqual([argv]);
    await lxc.list();
    expect(runner.commands).toEqual([argv, argv]);
    const before = lxc.list();
    lxc.changed();
    await Promise.all([before, lxc.list()]);
    expect(runner.commands).toEqual([argv, argv, argv, argv]);
  });
});
