import { describe, expect, it } from "vitest";
import { usageReportSchema } from "../../protocol";
import { actions, recordedHostRunner, testDriver } from "./driver-fixture";
import { JLS_ARGV } from "./parse-jls";
import { recorded } from "./test-support";

/** The recorded host with mail1 (/etc/jail.conf), proxy1 (Bastille) and legacy1 (no configuration at all) running. */
function runningAdoptedHost() {
  return recordedHostRunner()
    .on(JLS_ARGV, { stdout: recorded("jls-adopted.json") })
    .on(["rctl", "jail:mail1"], { stdout: recorded("rctl-rules-mail1.txt") })
    .on(["rctl", "-u", "jail:mail1"], { stdout: recorded("rctl-u-mail1.txt") })
    .on(["rctl", "jail:proxy1"], { stdout: recorded("rctl-rules-none.txt") })
    .on(["rctl", "-u", "jail:proxy1"], { stdout: recorded("rctl-u-proxy1.txt") })
    .on(["rctl", "jail:legacy1"], { stdout: recorded("rctl-rules-none.txt") })
    .on(["rctl", "-u", "jail:legacy1"], { stdout: recorded("rctl-u-legacy1.txt") });
}

const jailCommands = (runner: ReturnType<typeof recordedHostRunner>) => actions(runner).filter((argv) => argv[0] === "jail");

describe("running jails Stockade did not make", () => {
  it("shows an adopted running jail's posture from jls and its rctl limits", async () => {
    const driver = testDriver(runningAdoptedHost());
    const mail1 = (await driver.listJails()).find((jail) => jail.name === "mail1");
    expect(mail1).toMatchObject({ state: "running", jid: 4, adopted: true, configFile: "/etc/jail.conf", ipv4: ["192.0.2.31"] });
    expect(mail1?.parameters).toMatchObject({ securelevel: "-1", enforce_statfs: "2", "allow.raw_sockets": true, "allow.mount": false });
    const report = usageReportSchema.parse(await driver.usage());
    expect(report.jails.find((jail) => jail.jail === "mail1")).toMatchObject({
      memoryBytes: 30412800,
      memoryLimitBytes: 536870912,
      processCount: 7,
      processLimit: 100,
      cpuSeconds: 97,
    });
    expect(report.jails.find((jail) => jail.jail === "legacy1")).toMatchObject({ processCount: 11, processLimit: null });
  });

  it("lists a jail found only in jls as adopted and running, with what jls says of it", async () => {
    const legacy1 = (await testDriver(runningAdoptedHost()).listJails()).find((jail) => jail.name === "legacy1");
    expect(legacy1).toMatchObject({
      state: "running",
      jid: 6,
      adopted: true,
      path: "/jails/legacy1",
      hostname: "legacy1.example.org",
      ipv4: ["192.0.2.99"],
    });
    expect(legacy1?.configFile).toBeUndefined();
    expect(legacy1?.parameters).toMatchObject({ securelevel: "1", enforce_statfs: "1", "allow.mount": true, persist: true });
  });

  it("stops an adopted and a Bastille jail with the file jail(8) read them from, and a jls-only jail by name", async () => {
    const runner = runningAdoptedHost()
      .on(["jail", "-f", "/etc/jail.conf", "-r", "mail1"], {})
      .on(["jail", "-f", "/usr/local/bastille/jails/proxy1/jail.conf", "-r", "proxy1"], {})
      .on(["jail", "-r", "legacy1"], {});
    const driver = testDriver(runner);
    for (const name of ["mail1", "proxy1", "legacy1"]) await driver.stopJail(name, 10);
    expect(jailCommands(runner)).toEqual([
      ["jail", "-f", "/etc/jail.conf", "-r", "mail1"],
      ["jail", "-f", "/usr/local/bastille/jails/proxy1/jail.conf", "-r", "proxy1"],
      ["jail", "-r", "legacy1"],
    ]);
  });

  it("restarts an adopted and a Bastille jail with jail -f FILE -rc NAME; a jls-only jail cannot be started again", async () => {
    const runner = runningAdoptedHost()
      .on(["jail", "-f", "/etc/jail.conf", "-rc", "mail1"], {})
      .on(["jail", "-f", "/usr/local/bastille/jails/proxy1/jail.conf", "-rc", "proxy1"], {});
    const driver = testDriver(runner);
    await driver.restartJail("mail1", 10);
    await driver.restartJail("proxy1", 10);
    await expect(driver.restartJail("legacy1", 10)).rejects.toMatchObject({
      code: "unsupported",
      message: expect.stringContaining("No jail.conf defines legacy1"),
    });
    expect(jailCommands(runner)).toEqual([
      ["jail", "-f", "/etc/jail.conf", "-rc", "mail1"],
      ["jail", "-f", "/usr/local/bastille/jails/proxy1/jail.conf", "-rc", "proxy1"],
    ]);
  });
});
