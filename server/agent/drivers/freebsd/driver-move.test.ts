import { describe, expect, it } from "vitest";
import { actions, hostCalls, recordedHostRunner, testDriver } from "./driver-fixture";

const NS1_FILE = `# ns1, moved here by Stockade from /etc/jail.conf.
# With the defaults of /etc/jail.conf it relies on, so this file stands on its own.
exec.start = "/bin/sh /etc/rc";
exec.stop = "/bin/sh /etc/rc.shutdown jail";
exec.clean;
exec.consolelog = "/var/log/jail_console_\${name}.log";
mount.devfs;
devfs_ruleset = 4;
enforce_statfs = 2;
$jails = "/usr/local/jails";
path = "$jails/$name";
host.hostname = "\${name}.example.org";

ns1 {
    ip4.addr = "em0|192.0.2.30/32";
    securelevel = 3;
}
`;

describe("moving an adopted jail to its own jail.conf.d file", () => {
  it("cuts ns1's block out of /etc/jail.conf into /etc/jail.conf.d/ns1.conf with the defaults it relies on, then starts it from there", async () => {
    const runner = recordedHostRunner().on(["jail", "-f", "/etc/jail.conf.d/ns1.conf", "-c", "ns1"], {});
    const main = runner.files.get("/etc/jail.conf")!;
    const driver = testDriver(runner);
    const before = await driver.listJails();
    const plan = await driver.plan({ kind: "move", name: "ns1" });
    const mainAfter = main.replace('\nns1 {\n    ip4.addr = "em0|192.0.2.30/32";\n    securelevel = 3;\n}\n', "");
    expect(plan.shown).toMatchObject({
      kind: "move",
      configPath: "/etc/jail.conf.d/ns1.conf",
      configBefore: null,
      configAfter: NS1_FILE,
      otherFiles: [{ path: "/etc/jail.conf", before: main, after: mainAfter }],
      unwritable: [],
      commands: [],
    });
    await driver.apply(plan, { progress: () => {} });
    expect(hostCalls(runner).filter((call) => call.kind === "write")).toEqual([
      { kind: "write", file: "/etc/jail.conf.d/ns1.conf", content: NS1_FILE },
      { kind: "write", file: "/etc/jail.conf", content: mainAfter },
    ]);
    const after = await driver.listJails();
    const ns1 = after.find((jail) => jail.name === "ns1")!;
    expect(ns1).toMatchObject({ configFile: "/etc/jail.conf.d/ns1.conf", adopted: true, configProblems: [] });
    expect(ns1.parameters).toEqual(before.find((jail) => jail.name === "ns1")!.parameters);
    for (const other of ["mail1", "backup1"]) {
      const [was, now] = [before, after].map((jails) => jails.find((jail) => jail.name === other)!);
      // Only the line numbers below the cut move.
      expect({ ...now, parameterSources: undefined }).toEqual({ ...was, parameterSources: undefined });
    }
    await driver.startJail("ns1");
    expect(actions(runner).filter((argv) => argv[0] === "jail")).toEqual([["jail", "-f", "/etc/jail.conf.d/ns1.conf", "-c", "ns1"]]);
  });

  it("takes the comment above a block along and leaves an include that held only that jail empty", async () => {
    const runner = recordedHostRunner();
    const plan = await testDriver(runner).plan({ kind: "move", name: "backup1" });
    expect(plan.shown.configAfter).toContain("\n/* Backups land here; more space, lower securelevel while restoring. */\nbackup1 {\n");
    expect(plan.shown.otherFiles).toEqual([
      { path: "/usr/local/etc/jail.conf.d/backup1.conf", before: runner.files.get("/usr/local/etc/jail.conf.d/backup1.conf"), after: "" },
    ]);
  });

  it("refuses jails that already have a file of their own, and a target that exists", async () => {
    const runner = recordedHostRunner();
    const driver = testDriver(runner);
    await expect(driver.plan({ kind: "move", name: "www1" })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("created by Stockade"),
    });
    await expect(driver.plan({ kind: "move", name: "proxy1" })).rejects.toMatchObject({
      code: "unsupported",
      message: expect.stringContaining("bastille"),
    });
    runner.files.set("/etc/jail.conf.d/mail1.conf", "# someone else's\n");
    await expect(driver.plan({ kind: "move", name: "mail1" })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("already exists"),
    });
    expect(hostCalls(runner).filter((call) => call.kind === "write")).toEqual([]);
  });
});
