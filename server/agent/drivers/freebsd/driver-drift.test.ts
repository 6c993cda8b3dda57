import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { actions, hostCalls, recordedHostRunner, testDriver } from "./driver-fixture";
import { JLS_ARGV } from "./parse-jls";
import { RECORDED_HOST_DIR } from "./test-support";

const WWW1 = "/etc/jail.conf.d/www1.conf";

/** The recording's jls, with mail1 (stopped there) running as someone left it after `jail -m`. */
function jlsWithMail1Running(): string {
  const doc = JSON.parse(readFileSync(path.join(RECORDED_HOST_DIR, "outputs", "jls.json"), "utf8"));
  const www1 = doc["jail-information"].jail[0];
  doc["jail-information"].jail.push({
    ...www1,
    jid: "9",
    name: "mail1",
    path: "/usr/local/jails/mail1",
    "host.hostname": "mail1.example.org",
    "ip4.addr": ["192.0.2.31"],
    securelevel: "-1",
    "allow.raw_sockets": false,
  });
  return JSON.stringify(doc);
}

describe("drift: a running jail that differs from the file defining it", () => {
  it("is not flagged while jls and the configuration agree", async () => {
    const jails = await testDriver(recordedHostRunner()).listJails();
    expect(jails.filter((jail) => jail.state === "running").map((jail) => [jail.name, jail.drift])).toEqual([
      ["db1", []],
      ["dev1", []],
      ["www1", []],
    ]);
  });

  it("flags the keys of a conf rewritten behind Stockade's back, and reverts the running jail to the file with jail -m", async () => {
    const runner = recordedHostRunner();
    runner.files.set(WWW1, runner.files.get(WWW1)!.replace("securelevel = 2;", "securelevel = 3;"));
    runner.on(["jail", "-m", "name=www1", "securelevel=3"], {});
    const driver = testDriver(runner);
    expect((await driver.listJails()).find((jail) => jail.name === "www1")?.drift).toEqual([
      { key: "securelevel", defined: "3", running: "2" },
    ]);
    const plan = await driver.plan({ kind: "reconcile", name: "www1", keep: "definition" });
    expect(plan.shown).toMatchObject({
      kind: "change",
      configPath: WWW1,
      commands: [{ argv: ["jail", "-m", "name=www1", "securelevel=3"] }],
      effects: [{ field: "parameters.securelevel", when: "live" }],
    });
    expect(plan.shown.configAfter).toBe(plan.shown.configBefore);
    await driver.apply(plan, { progress: () => {} });
    expect(actions(runner).filter((argv) => argv[0] === "jail")).toEqual([["jail", "-m", "name=www1", "securelevel=3"]]);
    expect(hostCalls(runner).filter((call) => call.kind === "write")).toEqual([]);
  });

  it("keeps what runs instead: an adopted jail's values are written into /etc/jail.conf in place", async () => {
    const runner = recordedHostRunner().on(JLS_ARGV, { stdout: jlsWithMail1Running() });
    runner.on(["jail", "-m", "name=mail1", "allow.raw_sockets=false"], {});
    const main = runner.files.get("/etc/jail.conf")!;
    const driver = testDriver(runner);
    const mail1 = (await driver.listJails()).find((jail) => jail.name === "mail1")!;
    expect(mail1).toMatchObject({
      state: "running",
      adopted: true,
      drift: [{ key: "allow.raw_sockets", defined: "true", running: "false" }],
    });
    const plan = await driver.plan({ kind: "reconcile", name: "mail1", keep: "running" });
    const after = main.replace("    allow.raw_sockets;  // the monitoring", '    allow.raw_sockets = "false";  // the monitoring');
    expect(plan.shown).toMatchObject({ kind: "change", configPath: "/etc/jail.conf", configBefore: main, configAfter: after });
    await driver.apply(plan, { progress: () => {} });
    expect(runner.files.get("/etc/jail.conf")).toBe(after);
    expect((await driver.listJails()).find((jail) => jail.name === "mail1")?.drift).toEqual([]);
  });

  it("has nothing to reconcile on a jail without drift", async () => {
    await expect(testDriver(recordedHostRunner()).plan({ kind: "reconcile", name: "db1", keep: "definition" })).rejects.toMatchObject({
      code: "conflict",
    });
  });
});
