import fs from "node:fs";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { processSnapshotSchema } from "../../../protocol";
import { createProcessReader } from "./processes";
import { FakeProc, PF_KTHREAD } from "./testing/fake-proc";

const JAIL_NS = "pid:[4026532500]";
let proc: FakeProc;
let clock: number;

function reader(refreshMs = 60_000) {
  return createProcessReader({
    procRoot: proc.root,
    passwdPath: proc.path("host-passwd"),
    pageSize: 4096,
    refreshMs,
    now: () => clock,
  });
}

const find = async (snapshot: ReturnType<ReturnType<typeof reader>["snapshot"]>, pid: number) =>
  (await snapshot).processes.find((p) => p.pid === pid);

beforeEach(() => {
  proc = new FakeProc({ btime: 1_700_000_000, uptime: 100 });
  proc.write("host-passwd", "root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n");
  clock = 1_700_000_100_000;
});
afterEach(() => proc.dispose());

describe("createProcessReader", () => {
  it("reads a host process in the protocol shape", async () => {
    proc.add({ pid: 300, ppid: 1, comm: "my (odd) cmd", uid: 1000, starttime: 5000, rssPages: 3, argv: ["/usr/bin/odd", "a b", "c"] });
    const snapshot = await reader().snapshot([]);
    expect(processSnapshotSchema.parse(snapshot)).toEqual(snapshot);
    expect(snapshot.processes).toEqual([
      {
        pid: 300,
        ppid: 1,
        jail: null,
        pidInJail: null,
        uid: 1000,
        user: "alice",
        state: "S",
        cpuPercent: 0,
        rssBytes: 3 * 4096,
        startedAt: 1_700_000_050_000,
        command: "my (odd) cmd",
        args: "/usr/bin/odd a b c",
      },
    ]);
  });

  it("shows kernel threads in brackets without reading their status", async () => {
    proc.add({ pid: 2, ppid: 0, comm: "kthreadd", flags: PF_KTHREAD, noStatus: true });
    expect(await find(reader().snapshot([]), 2)).toMatchObject({ args: "[kthreadd]", user: "root", uid: 0 });
  });

  it("skips processes that vanish mid-read", async () => {
    proc.add({ pid: 10, argv: ["a"] });
    proc.add({ pid: 11, argv: ["b"], noStatus: true });
    fs.mkdirSync(proc.path("12"));
    const snapshot = await reader().snapshot([]);
    expect(snapshot.processes.map((p) => p.pid)).toEqual([10]);
  });

  it("attributes jailed processes by pid namespace, with pid and user as the jail sees them", async () => {
    proc.add({ pid: 400, ppid: 1, comm: "lxc-start", argv: ["[lxc monitor] /var/lib/lxc web"] });
    proc.add({ pid: 401, ppid: 400, comm: "init", ns: JAIL_NS, nspid: [401, 1], argv: ["init"] });
    proc.add({ pid: 405, ppid: 401, comm: "httpd", ns: JAIL_NS, nspid: [405, 7], uid: 1000, argv: ["httpd"] });
    proc.add({ pid: 406, ppid: 405, comm: "nested", ns: "pid:[4026532999]", nspid: [406, 9, 1], uid: 4242, argv: ["x"] });
    proc.write("401/root/etc/passwd", "root:x:0:0::/root:/bin/sh\nwww:x:1000:1000::/var/www:/bin/false\n");
    const snapshot = await reader().snapshot([{ name: "web", initPid: 401 }]);
    const byPid = new Map(snapshot.processes.map((p) => [p.pid, p]));
    expect(snapshot.jailAnchors).toEqual({ web: 400 });
    expect(byPid.get(400)).toMatchObject({ jail: null, pidInJail: null });
    expect(byPid.get(401)).toMatchObject({ jail: "web", pidInJail: 1, user: "root" });
    expect(byPid.get(405)).toMatchObject({ jail: "web", pidInJail: 7, user: "www" });
    expect(byPid.get(406)).toMatchObject({ jail: "web", pidInJail: 9, user: "4242" });
  });

  it("shows an unprivileged jail's uids as the jail knows them, never the host ids behind its mapping", async () => {
    const base = 0x4000_0000;
    proc.add({ pid: 501, ppid: 1, comm: "init", ns: JAIL_NS, nspid: [501, 1], uid: base, argv: ["init"] });
    proc.add({ pid: 502, ppid: 501, comm: "httpd", ns: JAIL_NS, nspid: [502, 5], uid: base + 1000, argv: ["httpd"] });
    proc.add({ pid: 503, ppid: 501, comm: "odd", ns: JAIL_NS, nspid: [503, 6], uid: 77, argv: ["odd"] });
    proc.write("501/uid_map", `         0 ${base}      65536\n`);
    proc.write("501/root/etc/passwd", "root:x:0:0::/root:/bin/sh\nwww:x:1000:1000::/var/www:/bin/false\n");
    const snapshot = await reader().snapshot([{ name: "web", initPid: 501 }]);
    const byPid = new Map(snapshot.processes.map((p) => [p.pid, p]));
    expect(byPid.get(501)).toMatchObject({ jail: "web", uid: 0, user: "root" });
    expect(byPid.get(502)).toMatchObject({ jail: "web", uid: 1000, user: "www" });
    expect(byPid.get(503)).toMatchObject({ jail: "web", uid: 65_534, user: "65534" });
  });

  it("computes CPU % over the lifetime first, then between snapshots", async () => {
    proc.add({ pid: 500, starttime: 5000, utime: 400, stime: 100, argv: ["busy"] });
    const cpu = reader();
    expect(await find(cpu.snapshot([]), 500)).toMatchObject({ cpuPercent: 10 });
    clock += 2000;
    proc.add({ pid: 500, starttime: 5000, utime: 450, stime: 150, argv: ["busy"] });
    expect(await find(cpu.snapshot([]), 500)).toMatchObject({ cpuPercent: 50 });
  });
});

describe("the per-process cache", () => {
  it("rereads only stat while pid, starttime and the exec marks stay", async () => {
    proc.add({ pid: 600, starttime: 700, uid: 0, comm: "daemon", argv: ["daemon", "--old"] });
    const cached = reader();
    await cached.snapshot([]);
    proc.write("600/cmdline", "daemon\0--new\0");
    expect(await find(cached.snapshot([]), 600)).toMatchObject({ args: "daemon --old" });
    proc.write("600/status", "Name:\tdaemon\nUid:\t1000\t1000\t1000\t1000\nNSpid:\t600\n");
    clock += 120_000;
    expect(await find(cached.snapshot([]), 600)).toMatchObject({ args: "daemon --new", user: "alice" });
  });

  it("opens no file of a process it already knows: a repeat snapshot is one read of each stat", async () => {
    for (const pid of [700, 701, 702]) proc.add({ pid, starttime: 700, argv: ["sleep", "60"] });
    const cached = reader();
    await cached.snapshot([]);
    proc.write("701/stat", fs.readFileSync(proc.path("701/stat"), "latin1").replace(") S ", ") R "));
    const opened = vi.spyOn(fs, "openSync");
    try {
      const again = await cached.snapshot([]);
      expect(again.processes.find((p) => p.pid === 701)).toMatchObject({ state: "R" });
      const perProcess = opened.mock.calls.map(([file]) => String(file)).filter((file) => /\/70\d\//.test(file));
      expect(perProcess).toEqual([]);
    } finally {
      opened.mockRestore();
      cached.close();
    }
  });

  it("notices an exec through comm and the argv addresses in stat", async () => {
    proc.add({ pid: 601, starttime: 700, comm: "sh", execAddress: 1000, argv: ["sh", "-c", "x"] });
    const cached = reader();
    await cached.snapshot([]);
    proc.add({ pid: 601, starttime: 700, comm: "sh", execAddress: 5000, argv: ["sh", "other"] });
    expect(await find(cached.snapshot([]), 601)).toMatchObject({ args: "sh other" });
  });

  it("starts over when a pid is reused (another starttime)", async () => {
    proc.add({ pid: 602, starttime: 700, utime: 9000, uid: 0, argv: ["old"] });
    const cached = reader();
    await cached.snapshot([]);
    clock += 1000;
    proc.add({ pid: 602, starttime: 9950, utime: 50, uid: 1000, argv: ["new"] });
    expect(await find(cached.snapshot([]), 602)).toMatchObject({
      args: "new",
      user: "alice",
      cpuPercent: 100,
      startedAt: 1_700_000_099_500,
    });
  });
});

describe("LXC containers Stockade does not manage", () => {
  const OTHER_NS = "pid:[4026532600]";

  /** A container made with plain lxc-create in /var/lib/lxc: monitor, init in its payload cgroup, a daemon. */
  function addForeignContainer(cgroupName = "legacy") {
    proc.add({ pid: 800, ppid: 1, comm: "lxc-start", argv: ["[lxc monitor] /var/lib/lxc legacy"] });
    proc.add({ pid: 801, ppid: 800, comm: "init", ns: OTHER_NS, nspid: [801, 1], uid: 100_000, argv: ["init"] });
    proc.add({ pid: 802, ppid: 801, comm: "syslogd", ns: OTHER_NS, nspid: [802, 4], uid: 100_000, argv: ["syslogd", "-n"] });
    proc.write("800/cgroup", "0::/lxc.monitor.legacy\n");
    proc.write("801/cgroup", `4:memory:/lxc.payload.${cgroupName}\n0::/lxc.payload.${cgroupName}\n`);
  }

  it("marks its processes with the container, as host processes and not as a jail", async () => {
    addForeignContainer();
    const snapshot = await reader().snapshot([]);
    expect(processSnapshotSchema.parse(snapshot)).toEqual(snapshot);
    const byPid = new Map(snapshot.processes.map((p) => [p.pid, p]));
    expect(snapshot.unmanagedContainers).toEqual({ legacy: { name: "legacy", lxcPath: "/var/lib/lxc", initPid: 801, anchor: 800 } });
    expect(snapshot.jailAnchors).toEqual({});
    for (const pid of [801, 802]) expect(byPid.get(pid)).toMatchObject({ jail: null, pidInJail: null, container: "legacy" });
    // Nothing of the container's is read for names: its users are the host's ids.
    expect(byPid.get(802)).toMatchObject({ uid: 100_000, user: "100000" });
    expect(byPid.get(800)?.container).toBeUndefined();
  });

  it("keys a second container of the same name by its own payload cgroup, named from its monitor", async () => {
    addForeignContainer("legacy-1");
    const snapshot = await reader().snapshot([]);
    expect(snapshot.unmanagedContainers).toEqual({ "legacy-1": { name: "legacy", lxcPath: "/var/lib/lxc", initPid: 801, anchor: 800 } });
    expect(snapshot.processes.find((p) => p.pid === 802)?.container).toBe("legacy-1");
  });

  it("leaves a namespace outside any LXC payload cgroup (unshare, docker) a plain host process", async () => {
    proc.add({ pid: 900, ppid: 1, comm: "sleep", ns: OTHER_NS, nspid: [900, 1], argv: ["sleep", "60"] });
    proc.write("900/cgroup", "0::/user.slice\n");
    const snapshot = await reader().snapshot([]);
    expect(snapshot.unmanagedContainers).toBeUndefined();
    expect(snapshot.processes.find((p) => p.pid === 900)).toMatchObject({ jail: null });
    expect(snapshot.processes.find((p) => p.pid === 900)?.container).toBeUndefined();
  });

  it("keeps a container nested in a jail the jail's", async () => {
    proc.add({ pid: 401, ppid: 400, comm: "init", ns: JAIL_NS, nspid: [401, 1], argv: ["init"] });
    proc.add({ pid: 410, ppid: 401, comm: "init", ns: OTHER_NS, nspid: [410, 20, 1], argv: ["init"] });
    proc.write("410/cgroup", "0::/lxc.payload.web/lxc.payload.inner\n");
    const snapshot = await reader().snapshot([{ name: "web", initPid: 401 }]);
    expect(snapshot.unmanagedContainers).toBeUndefined();
    expect(snapshot.processes.find((p) => p.pid === 410)).toMatchObject({ jail: "web" });
  });

  it("asks again for a young init not yet in its payload cgroup (LXC moves it there just after the clone)", async () => {
    addForeignContainer();
    // Started 2 s before now (uptime 1000 s, 100 ticks a second).
    proc.add({ pid: 801, ppid: 800, comm: "init", ns: OTHER_NS, nspid: [801, 1], starttime: 99_800, argv: ["init"] });
    proc.write("801/cgroup", "0::/lxc.monitor.legacy\n");
    const cached = reader();
    expect((await cached.snapshot([])).unmanagedContainers).toBeUndefined();
    proc.write("801/cgroup", "0::/lxc.payload.legacy\n");
    expect((await cached.snapshot([])).unmanagedContainers).toHaveProperty("legacy");
  });

  it("reads an older namespace init's cgroup once: outside every payload cgroup it stays a host process", async () => {
    proc.add({ pid: 900, ppid: 1, comm: "sleep", ns: OTHER_NS, nspid: [900, 1], argv: ["sleep", "60"] });
    proc.write("900/cgroup", "0::/user.slice\n");
    const cached = reader();
    await cached.snapshot([]);
    // Not read again: were it, this would make it a container.
    proc.write("900/cgroup", "0::/lxc.payload.late\n");
    expect((await cached.snapshot([])).unmanagedContainers).toBeUndefined();
  });
});
