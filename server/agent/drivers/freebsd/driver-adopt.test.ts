import { describe, expect, it } from "vitest";
import { actions, recordedHostRunner, testDriver, hostCalls } from "./driver-fixture";

describe("jails a host already has", () => {
  it("lists jails of /etc/jail.conf with the global defaults merged in, and where each value was set", async () => {
    const jails = await testDriver(recordedHostRunner()).listJails();
    const ns1 = jails.find((jail) => jail.name === "ns1")!;
    expect(ns1).toMatchObject({
      state: "stopped",
      adopted: true,
      path: "/usr/local/jails/ns1",
      hostname: "ns1.example.org",
      ipv4: ["192.0.2.30"],
      configFile: "/etc/jail.conf",
      configProblems: [],
    });
    expect(ns1.parameters).toMatchObject({ securelevel: "3", devfs_ruleset: "4", "exec.consolelog": "/var/log/jail_console_ns1.log" });
    expect(ns1.parameterSources?.["securelevel"]).toEqual([{ file: "/etc/jail.conf", line: 15 }]);
    expect(ns1.parameterSources?.["devfs_ruleset"]).toEqual([{ file: "/etc/jail.conf", line: 7 }]);
    const backup1 = jails.find((jail) => jail.name === "backup1")!;
    expect(backup1).toMatchObject({ configFile: "/etc/jail.conf", hostname: "backup1.example.org" });
    expect(backup1.parameters["allow.mount"]).toBe(false);
    expect(backup1.parameterSources?.["allow.mount"]).toEqual([{ file: "/usr/local/etc/jail.conf.d/backup1.conf", line: 5 }]);
  });

  it("recognises BastilleBSD's jails by their jail.conf under its prefix", async () => {
    const jails = await testDriver(recordedHostRunner()).listJails();
    expect(jails.find((jail) => jail.name === "proxy1")).toMatchObject({
      managedBy: "bastille",
      adopted: true,
      path: "/usr/local/bastille/jails/proxy1/root",
      ipv4: ["192.0.2.88"],
      configFile: "/usr/local/bastille/jails/proxy1/jail.conf",
    });
    expect(jails.find((jail) => jail.name === "www1")?.managedBy).toBeUndefined();
  });

  it("starts an adopted jail with the file jail(8) reads it from", async () => {
    const runner = recordedHostRunner().on(["jail", "-f", "/etc/jail.conf", "-c", "mail1"], {});
    runner.on(["jail", "-f", "/usr/local/bastille/jails/proxy1/jail.conf", "-c", "proxy1"], {});
    const driver = testDriver(runner);
    await driver.startJail("mail1");
    await driver.startJail("proxy1");
    expect(actions(runner).filter((argv) => argv[0] === "jail")).toEqual([
      ["jail", "-f", "/etc/jail.conf", "-c", "mail1"],
      ["jail", "-f", "/usr/local/bastille/jails/proxy1/jail.conf", "-c", "proxy1"],
    ]);
  });

  it("refuses to start a jail jail(8) would refuse, naming the file and line", async () => {
    const runner = recordedHostRunner();
    runner.files.set("/usr/local/etc/jail.conf.d/broken.conf", "broken {\n  path = /j/$nowhere;\n}\n");
    const driver = testDriver(runner);
    const broken = (await driver.listJails()).find((jail) => jail.name === "broken");
    expect(broken?.configProblems).toEqual([
      { file: "/usr/local/etc/jail.conf.d/broken.conf", line: 2, message: 'broken: path: variable "nowhere" not found' },
    ]);
    await expect(driver.startJail("broken")).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("broken.conf line 2"),
    });
    expect(actions(runner).filter((argv) => argv[0] === "jail")).toEqual([]);
  });

  it("changes one parameter of a jail in the multi-jail /etc/jail.conf in place, then starts it with that file", async () => {
    const runner = recordedHostRunner().on(["jail", "-f", "/etc/jail.conf", "-c", "ns1"], {});
    const before = runner.files.get("/etc/jail.conf")!;
    const driver = testDriver(runner);
    const plan = await driver.plan({ kind: "change", input: { name: "ns1", parameters: { securelevel: 2 } } });
    expect(plan.shown).toMatchObject({ configPath: "/etc/jail.conf", configBefore: before, commands: [] });
    await driver.apply(plan, { progress: () => {} });
    expect(runner.files.get("/etc/jail.conf")).toBe(before.replace("    securelevel = 3;\n", "    securelevel = 2;\n"));
    await driver.startJail("ns1");
    expect(actions(runner).filter((argv) => argv[0] === "jail")).toEqual([["jail", "-f", "/etc/jail.conf", "-c", "ns1"]]);
    expect((await driver.listJails()).find((jail) => jail.name === "ns1")?.parameters["securelevel"]).toBe("2");
  });

  it("refuses what an adopted jail's file cannot hold in place, writing nothing", async () => {
    const runner = recordedHostRunner();
    const driver = testDriver(runner);
    await expect(driver.plan({ kind: "change", input: { name: "ns1", limits: { maxProcesses: 64 } } })).rejects.toMatchObject({
      code: "unsupported",
      message: expect.stringContaining("only its parameters and hostname change in place (not limits)"),
    });
    expect(hostCalls(runner).filter((call) => call.kind === "write")).toEqual([]);
  });

  it("refuses to change or move a jail defined twice, naming both definitions, before writing or running anything", async () => {
    const runner = recordedHostRunner();
    const again = "/usr/local/etc/jail.conf.d/ns1-again.conf";
    runner.files.set(again, 'ns1 {\n    ip4.addr = "em0|192.0.2.40/32";\n}\n');
    const before = new Map(runner.files);
    const driver = testDriver(runner);
    await expect(driver.plan({ kind: "change", input: { name: "ns1", parameters: { securelevel: 2 } } })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining(`jail "ns1" is defined more than once (/etc/jail.conf:13, ${again}:1)`),
    });
    await expect(driver.changeJail({ name: "ns1", hostname: "ns.example.org" })).rejects.toMatchObject({ code: "conflict" });
    await expect(driver.plan({ kind: "move", name: "ns1" })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("is defined more than once"),
    });
    expect(hostCalls(runner).filter((call) => call.kind !== "run")).toEqual([]);
    expect(actions(runner)).toEqual([]);
    expect(runner.files).toEqual(before);
  });
});
