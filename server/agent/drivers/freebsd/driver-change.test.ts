import { describe, expect, it } from "vitest";
import { parseJailConf } from "./jail-conf-parse";
import { actions, recordedHostRunner, testDriver, hostCalls } from "./driver-fixture";

const CONF = (name: string) => `/etc/jail.conf.d/${name}.conf`;
const written = (runner: ReturnType<typeof recordedHostRunner>, file: string) =>
  runner.calls.flatMap((c) => (c.kind === "write" && c.file === file ? [c.content] : []));

describe("createJail", () => {
  it("extracts the admin's base.txz, takes the next free pool address and writes the conf", async () => {
    const runner = recordedHostRunner();
    runner
      .on(["mkdir", "/usr/local/jails/web2"], {})
      .on(["tar", "-x", "-f", "/usr/local/jails/media/base.txz", "-C", "/usr/local/jails/web2"], {});
    const jail = await testDriver(runner).createJail(
      { name: "web2", template: "base", parameters: { securelevel: 3 }, limits: { maxProcesses: 64 } },
      () => {},
    );
    expect(actions(runner)).toEqual([
      ["ifconfig", "-a"],
      ["mkdir", "/usr/local/jails/web2"],
      ["tar", "-x", "-f", "/usr/local/jails/media/base.txz", "-C", "/usr/local/jails/web2"],
    ]);
    const [conf] = written(runner, CONF("web2"));
    expect(conf).toContain('    ip4.addr = "em0|192.0.2.2/32";\n');
    expect(conf).toContain("    securelevel = 3;\n");
    expect(conf).toContain('    exec.consolelog = "/var/log/jail_console_web2.log";\n');
    expect(jail).toMatchObject({ name: "web2", state: "stopped", ipv4: ["192.0.2.2"], limits: { maxProcesses: 64 }, template: "base" });
  });

  it("builds a thin jail over a read-only nullfs base with writable copies", async () => {
    const runner = recordedHostRunner();
    runner.on(["ifconfig", "-a"], { stdout: "" });
    const base = "/usr/local/jails/templates/14.2";
    const steps: string[][] = [
      ["mkdir", "/usr/local/jails/t1"],
      ["mkdir", "/usr/local/jails/t1.data"],
    ];
    for (const dir of ["etc", "root", "tmp", "var", "usr/local"]) {
      steps.push(["mkdir", "-p", `/usr/local/jails/t1.data/${dir}`], ["cp", "-a", `${base}/${dir}/`, `/usr/local/jails/t1.data/${dir}`]);
    }
    for (const argv of steps) runner.on(argv, {});
    await testDriver(runner).createJail({ name: "t1", template: "thin", ipv4: "192.0.2.50" }, () => {});
    expect(actions(runner)).toEqual([["ifconfig", "-a"], ...steps]);
    const mounts = parseJailConf(written(runner, CONF("t1"))[0]!).parameters["mount"];
    expect(mounts).toEqual([
      `${base} /usr/local/jails/t1 nullfs ro 0 0`,
      "/usr/local/jails/t1.data/etc /usr/local/jails/t1/etc nullfs rw 0 0",
      "/usr/local/jails/t1.data/root /usr/local/jails/t1/root nullfs rw 0 0",
      "/usr/local/jails/t1.data/tmp /usr/local/jails/t1/tmp nullfs rw 0 0",
      "/usr/local/jails/t1.data/var /usr/local/jails/t1/var nullfs rw 0 0",
      "/usr/local/jails/t1.data/usr/local /usr/local/jails/t1/usr/local nullfs rw 0 0",
    ]);
  });

  it("refuses taken names and addresses, host-side and unknown parameters, before running anything", async () => {
    const driver = testDriver(recordedHostRunner());
    await expect(driver.createJail({ name: "www1", template: "base" }, () => {})).rejects.toMatchObject({ code: "conflict" });
    await expect(driver.createJail({ name: "x1", template: "base", ipv4: "192.0.2.12" }, () => {})).rejects.toMatchObject({
      code: "conflict",
    });
    await expect(driver.createJail({ name: "x1", template: "nope" }, () => {})).rejects.toMatchObject({ code: "not_found" });
    const refused: Array<Record<string, string | boolean>> = [
      { "exec.prestart": "/bin/sh -c reboot" },
      { "allow.everything": true },
      { "host.domainname": 'x"; exec.poststart="reboot' },
    ];
    for (const parameters of refused) {
      await expect(driver.createJail({ name: "x1", template: "base", parameters }, () => {})).rejects.toMatchObject({
        code: "invalid_input",
      });
    }
  });

  it("copies an existing userland with cp -a SRC/ DEST", async () => {
    const runner = recordedHostRunner();
    runner.on(["mkdir", "/usr/local/jails/c1"], {}).on(["cp", "-a", "/usr/local/jails/templates/14.2/", "/usr/local/jails/c1"], {});
    await testDriver(runner).createJail({ name: "c1", template: "copy", ipv4: "192.0.2.60" }, () => {});
    expect(actions(runner)).toContainEqual(["cp", "-a", "/usr/local/jails/templates/14.2/", "/usr/local/jails/c1"]);
  });
});

describe("changeJail", () => {
  it("applies live fields with jail -m, aliases and rctl; the rest waits for the next start", async () => {
    const runner = recordedHostRunner();
    for (const argv of [
      ["jail", "-m", "name=www1", "securelevel=3", "host.hostname=www.example.org"],
      ["ifconfig", "em0", "inet", "192.0.2.20/32", "alias"],
      ["jail", "-m", "name=www1", "ip4.addr=192.0.2.20"],
      ["ifconfig", "em0", "inet", "192.0.2.11", "-alias"],
      ["rctl", "-r", "jail:www1"],
      ["rctl", "-a", "jail:www1:memoryuse:deny=1073741824"],
      ["rctl", "-a", "jail:www1:maxproc:deny=200"],
      ["rctl", "-a", "jail:www1:pcpu:deny=50"],
    ])
      runner.on(argv, {});
    const result = await testDriver(runner).changeJail({
      name: "www1",
      hostname: "www.example.org",
      ipv4: ["192.0.2.20"],
      limits: { memoryBytes: 1073741824 },
      parameters: { securelevel: 3, devfs_ruleset: 5 },
      tags: ["web", "prod"],
    });
    expect(actions(runner)).toEqual([
      ["ifconfig", "-a"],
      ["jail", "-m", "name=www1", "securelevel=3", "host.hostname=www.example.org"],
      ["ifconfig", "em0", "inet", "192.0.2.20/32", "alias"],
      ["jail", "-m", "name=www1", "ip4.addr=192.0.2.20"],
      ["ifconfig", "em0", "inet", "192.0.2.11", "-alias"],
      ["rctl", "-r", "jail:www1"],
      ["rctl", "-a", "jail:www1:memoryuse:deny=1073741824"],
      ["rctl", "-a", "jail:www1:maxproc:deny=200"],
      ["rctl", "-a", "jail:www1:pcpu:deny=50"],
    ]);
    expect(result.appliedLive).toEqual(["parameters.securelevel", "hostname", "ipv4", "limits", "tags"]);
    expect(result.appliedOnNextStart).toEqual(["parameters.devfs_ruleset"]);
    const conf = parseJailConf(written(runner, CONF("www1"))[0]!);
    expect(conf.parameters).toMatchObject({
      securelevel: "3",
      devfs_ruleset: "5",
      "host.hostname": "www.example.org",
      "ip4.addr": ["em0|192.0.2.20/32"],
    });
    expect(conf.meta).toMatchObject({ tags: ["web", "prod"], limits: { memoryBytes: 1073741824, maxProcesses: 200, cpuPercent: 50 } });
  });

  it("only rewrites the conf of a stopped jail", async () => {
    const runner = recordedHostRunner();
    const result = await testDriver(runner).changeJail({ name: "old1", parameters: { "allow.raw_sockets": true } });
    expect(actions(runner)).toEqual([]);
    expect(result).toMatchObject({ appliedLive: [], appliedOnNextStart: ["parameters.allow.raw_sockets"] });
    expect(written(runner, CONF("old1"))[0]).toContain("    allow.raw_sockets;\n");
  });

  it("refuses the host's own address, the gateway and addresses outside the pool, writing nothing", async () => {
    const runner = recordedHostRunner();
    const driver = testDriver(runner);
    await expect(driver.changeJail({ name: "old1", ipv4: ["192.0.2.10"] })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("host"),
    });
    await expect(driver.changeJail({ name: "www1", ipv4: ["192.0.2.1"] })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("gateway"),
    });
    await expect(driver.changeJail({ name: "www1", ipv4: ["198.51.100.7"] })).rejects.toMatchObject({ code: "invalid_input" });
    expect(hostCalls(runner).filter((c) => c.kind === "write")).toEqual([]);
  });

  it("lets a stopped jail keep its address (ifconfig shows jails' aliases, not host addresses)", async () => {
    const runner = recordedHostRunner();
    await testDriver(runner).changeJail({ name: "old1", ipv4: ["192.0.2.14", "192.0.2.40"] });
    expect(parseJailConf(written(runner, CONF("old1"))[0]!).parameters["ip4.addr"]).toEqual(["em0|192.0.2.14/32", "em0|192.0.2.40/32"]);
  });

  it("refuses an address another jail holds and adopted jails' confs", async () => {
    const runner = recordedHostRunner();
    await expect(testDriver(runner).changeJail({ name: "www1", ipv4: ["192.0.2.12"] })).rejects.toMatchObject({ code: "conflict" });
    runner.files.set(CONF("db1"), 'db1 {\n  path = "/usr/local/jails/db1";\n}\n');
    await expect(testDriver(runner).changeJail({ name: "db1", tags: ["x"] })).rejects.toMatchObject({ code: "unsupported" });
    expect(hostCalls(runner).filter((c) => c.kind === "write")).toEqual([]);
  });
});
