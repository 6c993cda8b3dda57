import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { usageSchema } from "../../../protocol";
import { parseCgroupMounts } from "./cgroup";
import { FakeProc } from "./testing/fake-proc";
import { createUsageReader } from "./usage";

let proc: FakeProc;
let clock: number;

const reader = (cgroupVersion: 1 | 2) => createUsageReader({ procRoot: proc.root, cgroupVersion, now: () => clock });

function cgroupFiles(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) proc.write(`${dir}/${name}`, `${content}\n`);
}

beforeEach(() => {
  proc = new FakeProc({ uptime: 100 });
  clock = 1_700_000_000_000;
});
afterEach(() => proc.dispose());

describe("parseCgroupMounts", () => {
  it("maps each v1 controller and the v2 root to its mount point", () => {
    const mounts = parseCgroupMounts(
      [
        "32 31 0:29 / /sys/fs/cgroup/cpu\\040acct rw,relatime - cgroup cgroup rw,cpu,cpuacct",
        "39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids",
        "40 31 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw",
      ].join("\n"),
    );
    expect(mounts.get("cpuacct")).toBe("/sys/fs/cgroup/cpu acct");
    expect(mounts.get("pids")).toBe("/sys/fs/cgroup/pids");
    expect(mounts.get("cgroup2")).toBe("/sys/fs/cgroup/unified");
  });
});

describe("readJailUsage", () => {
  beforeEach(() => {
    proc.add({ pid: 700, starttime: 5000, argv: ["init"] });
  });

  it("reads v1 controllers where the init's cgroup file and mountinfo say", async () => {
    proc.write(
      "self/mountinfo",
      [
        `32 31 0:29 / ${proc.path("v1/cpuacct")} rw - cgroup cgroup rw,cpuacct`,
        `35 31 0:32 / ${proc.path("v1/memory")} rw - cgroup cgroup rw,memory`,
        `39 31 0:36 / ${proc.path("v1/pids")} rw - cgroup cgroup rw,pids`,
      ].join("\n"),
    );
    proc.write("700/cgroup", "5:cpuacct:/lxc.payload.web\n4:memory:/lxc.payload.web/init.scope\n3:pids:/lxc.payload.web\n0::/\n");
    cgroupFiles("v1/cpuacct/lxc.payload.web", { "cpuacct.usage": "2500000000" });
    cgroupFiles("v1/memory/lxc.payload.web", {
      "memory.usage_in_bytes": "1048576",
      "memory.limit_in_bytes": "9223372036854771712",
      "memory.oom_control": "oom_kill_disable 0\nunder_oom 0\noom_kill 2",
    });
    cgroupFiles("v1/pids/lxc.payload.web", { "pids.current": "7", "pids.max": "max", "pids.events": "max 35" });
    const usage = reader(1);
    const first = await usage.readJailUsage({ name: "web", initPid: 700 });
    expect(usageSchema.parse(first.usage)).toEqual({
      jail: "web",
      cpuSeconds: 2.5,
      cpuPercent: 5,
      memoryBytes: 1048576,
      memoryLimitBytes: null,
      processCount: 7,
      processLimit: null,
      oomKills: 2,
      refusedForks: 35,
    });
    clock += 1000;
    cgroupFiles("v1/cpuacct/lxc.payload.web", { "cpuacct.usage": "3000000000" });
    expect((await usage.readJailUsage({ name: "web", initPid: 700 }, first.state)).usage.cpuPercent).toBe(50);
    const other = await usage.readJailUsage({ name: "web", initPid: 700 }, { ...first.state, key: "db:1" });
    expect(other.usage.cpuPercent).toBe(6);
  });

  it("reads v2 files of the unified hierarchy", async () => {
    proc.write("self/mountinfo", `30 25 0:26 / ${proc.path("v2")} rw - cgroup2 cgroup2 rw\n`);
    proc.write("700/cgroup", "0::/lxc.payload.db\n");
    cgroupFiles("v2/lxc.payload.db", {
      "cpu.stat": "usage_usec 1500000\nuser_usec 1000000\nsystem_usec 500000",
      "memory.current": "2097152",
      "memory.max": "67108864",
      "memory.events": "low 0\nhigh 0\nmax 4\noom 1\noom_kill 1",
      "pids.current": "3",
      "pids.max": "20",
      "pids.events": "max 5",
    });
    expect((await reader(2).readJailUsage({ name: "db", initPid: 700 })).usage).toEqual({
      jail: "db",
      cpuSeconds: 1.5,
      cpuPercent: 3,
      memoryBytes: 2097152,
      memoryLimitBytes: 67108864,
      processCount: 3,
      processLimit: 20,
      oomKills: 1,
      refusedForks: 5,
    });
  });

  it("says so when the jail is not running", async () => {
    await expect(reader(1).readJailUsage({ name: "gone", initPid: 999 })).rejects.toThrow(/not running/);
  });
});

describe("readHostUsage", () => {
  it("sums /proc/stat, /proc/meminfo and the process count", async () => {
    proc.add({ pid: 1, argv: ["init"] });
    proc.add({ pid: 2, argv: ["sh"] });
    proc.write("meminfo", "MemTotal:       1000 kB\nMemFree:         100 kB\nMemAvailable:    400 kB\n");
    proc.write("vmstat", "nr_free_pages 1\noom_kill 3\n");
    proc.write("sys/kernel/pid_max", "32768\n");
    proc.write("sys/kernel/threads-max", "1000\n");
    const usage = reader(1);
    const first = await usage.readHostUsage();
    expect(usageSchema.parse(first.usage)).toEqual({
      jail: null,
      cpuSeconds: 1.5,
      cpuPercent: 1.5,
      memoryBytes: 600 * 1024,
      memoryLimitBytes: 1000 * 1024,
      processCount: 2,
      processLimit: 1000,
      oomKills: 3,
      refusedForks: 0,
    });
    clock += 2000;
    proc.write("stat", "cpu  300 0 150 1000 0 0 0 0 0 0\nbtime 1700000000\n");
    expect((await usage.readHostUsage(first.state)).usage.cpuPercent).toBe(150);
  });
});
