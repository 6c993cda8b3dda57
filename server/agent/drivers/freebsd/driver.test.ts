import { describe, expect, it } from "vitest";
import { AgentError, type AgentEvent } from "../../protocol";
import { actions, hostCalls, listingRead, recordedHostRunner, testDriver } from "./driver-fixture";

const CONF = (name: string) => `/etc/jail.conf.d/${name}.conf`;

describe("listJails", () => {
  it("merges running jails from jls with stopped ones from their conf files", async () => {
    const jails = await testDriver(recordedHostRunner()).listJails();
    expect(jails.map((j) => [j.name, j.state, j.jid])).toEqual([
      ["backup1", "stopped", null],
      ["db1", "running", 2],
      ["dev1", "running", 3],
      ["mail1", "stopped", null],
      ["ns1", "stopped", null],
      ["old1", "stopped", null],
      ["proxy1", "stopped", null],
      ["www1", "running", 1],
    ]);
    const byName = Object.fromEntries(jails.map((j) => [j.name, j]));
    expect(byName.dev1).toMatchObject({ ipv4: ["192.0.2.13"], ipv6: ["2001:db8::21", "2001:db8::22"], tags: ["dev"], adopted: false });
    expect(byName.old1).toMatchObject({ ipv4: ["192.0.2.14"], path: "/usr/local/jails/old1", hostname: "old1.example.org" });
    expect(byName.www1?.limits).toEqual({ memoryBytes: 2147483648, maxProcesses: 200, cpuPercent: 50 });
    expect(byName.db1?.parameters).toMatchObject({ "allow.sysvipc": true, sysvshm: "inherit", securelevel: "2" });
  });

  it("marks a running jail without a Stockade conf as adopted", async () => {
    const runner = recordedHostRunner();
    runner.files.delete(CONF("db1"));
    const db1 = (await testDriver(runner).listJails()).find((j) => j.name === "db1");
    expect(db1).toMatchObject({ adopted: true, template: null, state: "running" });
  });
});

describe("lifecycle argv", () => {
  it("starts with jail -f CONF -c NAME and re-applies rctl rules", async () => {
    const runner = recordedHostRunner();
    runner.files.set(CONF("old1"), runner.files.get(CONF("old1"))!.replace('"limits":{}', '"limits":{"maxProcesses":100}'));
    runner.on(["jail", "-f", CONF("old1"), "-c", "old1"], {});
    runner.on(["rctl", "-r", "jail:old1"], {}).on(["rctl", "-a", "jail:old1:maxproc:deny=100"], {});
    await testDriver(runner).startJail("old1");
    expect(actions(runner)).toEqual([
      ["jail", "-f", CONF("old1"), "-c", "old1"],
      ["rctl", "-r", "jail:old1"],
      ["rctl", "-a", "jail:old1:maxproc:deny=100"],
    ]);
  });

  it("stops with -r and restarts with -rc plus every limit", async () => {
    const runner = recordedHostRunner();
    runner.on(["jail", "-f", CONF("www1"), "-r", "www1"], {}).on(["jail", "-f", CONF("www1"), "-rc", "www1"], {});
    runner.on(["rctl", "-r", "jail:www1"], {});
    for (const rule of ["memoryuse:deny=2147483648", "maxproc:deny=200", "pcpu:deny=50"])
      runner.on(["rctl", "-a", `jail:www1:${rule}`], {});
    const driver = testDriver(runner);
    await driver.stopJail("www1", 10);
    await driver.restartJail("www1", 10);
    expect(actions(runner)).toEqual([
      ["jail", "-f", CONF("www1"), "-r", "www1"],
      ["jail", "-f", CONF("www1"), "-rc", "www1"],
      ["rctl", "-r", "jail:www1"],
      ["rctl", "-a", "jail:www1:memoryuse:deny=2147483648"],
      ["rctl", "-a", "jail:www1:maxproc:deny=200"],
      ["rctl", "-a", "jail:www1:pcpu:deny=50"],
    ]);
  });

  it("surfaces a failed jail(8) as engine_failed with its stderr", async () => {
    const runner = recordedHostRunner();
    runner.on(["jail", "-f", CONF("old1"), "-c", "old1"], {
      exitCode: 1,
      stderr: "jail: old1: mount.devfs: /usr/local/jails/old1/dev: No such file or directory\n",
    });
    const error = await testDriver(runner)
      .startJail("old1")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentError);
    expect(error).toMatchObject({ code: "engine_failed", details: { stderr: expect.stringContaining("No such file") } });
  });

  it("refuses to start a running jail, or an unknown one", async () => {
    const driver = testDriver(recordedHostRunner());
    await expect(driver.startJail("www1")).rejects.toMatchObject({ code: "conflict" });
    await expect(driver.startJail("nope")).rejects.toMatchObject({ code: "not_found" });
    await expect(driver.startJail("../etc")).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("destroys: stop, remove rules, only jailsRoot/NAME, and the conf last", async () => {
    const runner = recordedHostRunner();
    for (const argv of [
      ["jail", "-f", CONF("www1"), "-r", "www1"],
      ["rctl", "-r", "jail:www1"],
      ["chflags", "-R", "0", "/usr/local/jails/www1"],
      ["rm", "-rf", "/usr/local/jails/www1"],
    ])
      runner.on(argv, {});
    await testDriver(runner).destroyJail("www1");
    expect(hostCalls(runner).filter((c) => c.kind !== "run" || !listingRead(c.argv))).toEqual([
      { kind: "run", argv: ["jail", "-f", CONF("www1"), "-r", "www1"] },
      { kind: "run", argv: ["rctl", "-r", "jail:www1"] },
      { kind: "run", argv: ["chflags", "-R", "0", "/usr/local/jails/www1"] },
      { kind: "run", argv: ["rm", "-rf", "/usr/local/jails/www1"] },
      { kind: "remove", file: CONF("www1") },
    ]);
  });

  it("keeps the conf, so the jail stays listed, when removing its files fails", async () => {
    const runner = recordedHostRunner();
    runner.on(["jail", "-f", CONF("www1"), "-r", "www1"], {}).on(["rctl", "-r", "jail:www1"], {});
    runner.on(["chflags", "-R", "0", "/usr/local/jails/www1"], {});
    runner.on(["rm", "-rf", "/usr/local/jails/www1"], { exitCode: 1, stderr: "rm: /usr/local/jails/www1/dev: Device busy\n" });
    await expect(testDriver(runner).destroyJail("www1")).rejects.toMatchObject({ code: "engine_failed" });
    expect(hostCalls(runner).some((c) => c.kind === "remove")).toBe(false);
    expect(runner.files.has(CONF("www1"))).toBe(true);
  });

  it("refuses to destroy a jail whose path is outside jailsRoot, touching nothing", async () => {
    const runner = recordedHostRunner();
    runner.files.set(CONF("old1"), runner.files.get(CONF("old1"))!.replace('path = "/usr/local/jails/old1"', 'path = "/"'));
    await expect(testDriver(runner).destroyJail("old1")).rejects.toMatchObject({ code: "conflict" });
    expect(actions(runner)).toEqual([]);
    expect(hostCalls(runner).some((c) => c.kind === "remove")).toBe(false);
  });
});

describe("console", () => {
  it("refuses a console on a stopped jail before running anything", async () => {
    const runner = recordedHostRunner();
    await expect(testDriver(runner).openPty("old1", { cols: 80, rows: 24 })).rejects.toMatchObject({ code: "conflict" });
    expect(actions(runner)).toEqual([]);
  });

  it("opens /usr/sbin/jexec -l NAME /usr/bin/login -f root under a PTY", async () => {
    const session = await testDriver(recordedHostRunner()).openPty("db1", { cols: 80, rows: 24 });
    expect((session as unknown as { spawned: string[] }).spawned).toEqual(["/usr/sbin/jexec", "-l", "db1", "/usr/bin/login", "-f", "root"]);
  });
});

describe("boot and shutdown output", () => {
  it("sends what exec.consolelog gained while jail(8) ran as jail.output events", async () => {
    const runner = recordedHostRunner();
    const log = "/var/log/jail_console_old1.log";
    runner.files.set(log, "an earlier boot\n");
    const append = (text: string) => () => (runner.files.set(log, runner.files.get(log) + text), {});
    runner
      .on(["jail", "-f", CONF("old1"), "-c", "old1"], append("Starting sshd.\n"))
      .on(["rctl", "-r", "jail:old1"], {})
      .on(["rctl", "-a", "jail:old1:maxproc:deny=100"], {});
    const driver = testDriver(runner);
    const events: AgentEvent[] = [];
    driver.subscribe((event) => events.push(event));
    await driver.startJail("old1");
    expect(events.filter((e) => e.type === "jail.output")).toEqual([
      { type: "jail.output", jail: "old1", phase: "start", data: "Starting sshd.\n", at: expect.any(Number) },
    ]);
  });
});
