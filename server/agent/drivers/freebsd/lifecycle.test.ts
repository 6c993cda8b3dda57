import { describe, expect, it, vi } from "vitest";
import { parseJailConf } from "./jail-conf-parse";
import { actions, recordedHostRunner, testDriver, hostCalls, JOURNAL_DIR } from "./driver-fixture";
import { argvKey } from "../shared/recording-runner";
import type { RecordingRunner } from "./runner";

const CONF = (name: string) => `/etc/jail.conf.d/${name}.conf`;
const ROOT = (name: string) => `/usr/local/jails/${name}`;
const TAR = (name: string) => ["tar", "-x", "-f", "/usr/local/jails/media/base.txz", "-C", ROOT(name)];
const BASE = "/usr/local/jails/templates/14.2";

/** Makes `argv` wait (after running) until the returned function is called: a create held mid-populate. */
function holdAt(runner: RecordingRunner, argv: string[]): () => void {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const run = runner.run.bind(runner);
  runner.run = async (called) => {
    const result = await run(called);
    if (argvKey(called) === argvKey(argv)) await gate;
    return result;
  };
  return open;
}

const addressOf = (runner: RecordingRunner, name: string) => parseJailConf(runner.files.get(CONF(name))!).parameters["ip4.addr"];

describe("creating jails concurrently", () => {
  it("gives two creates different pool addresses, though the first conf is written only after populating", async () => {
    const runner = recordedHostRunner();
    for (const name of ["web2", "web3"]) runner.on(["mkdir", ROOT(name)], {}).on(TAR(name), {});
    const release = holdAt(runner, TAR("web2"));
    const driver = testDriver(runner);
    const first = driver.createJail({ name: "web2", template: "base" }, () => {});
    await vi.waitFor(() => expect(runner.commands).toContainEqual(TAR("web2")));
    await driver.createJail({ name: "web3", template: "base" }, () => {});
    release();
    await first;
    expect(addressOf(runner, "web2")).toEqual(["em0|192.0.2.2/32"]);
    expect(addressOf(runner, "web3")).toEqual(["em0|192.0.2.3/32"]);
  });

  it("refuses to change a jail to an address a create in progress holds", async () => {
    const runner = recordedHostRunner();
    runner.on(["mkdir", ROOT("web2")], {}).on(TAR("web2"), {});
    const release = holdAt(runner, TAR("web2"));
    const driver = testDriver(runner);
    const created = driver.createJail({ name: "web2", template: "base" }, () => {});
    await vi.waitFor(() => expect(runner.commands).toContainEqual(TAR("web2")));
    await expect(driver.changeJail({ name: "old1", ipv4: ["192.0.2.2"] })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("web2"),
    });
    release();
    await created;
  });
});

describe("a create that fails", () => {
  it("removes exactly the directories it made when populating fails midway, and writes no conf", async () => {
    const runner = recordedHostRunner();
    runner.on(["ifconfig", "-a"], { stdout: "" });
    const made = [
      ["mkdir", ROOT("t1")],
      ["mkdir", ROOT("t1.data")],
      ["mkdir", "-p", `${ROOT("t1.data")}/etc`],
    ];
    for (const argv of made) runner.on(argv, {});
    runner.on(["cp", "-a", `${BASE}/etc/`, `${ROOT("t1.data")}/etc`], { exitCode: 1, stderr: "cp: No space left on device\n" });
    const cleanup = [
      ["chflags", "-R", "0", ROOT("t1.data")],
      ["rm", "-rf", ROOT("t1.data")],
      ["chflags", "-R", "0", ROOT("t1")],
      ["rm", "-rf", ROOT("t1")],
    ];
    for (const argv of cleanup) runner.on(argv, {});
    await expect(testDriver(runner).createJail({ name: "t1", template: "thin", ipv4: "192.0.2.50" }, () => {})).rejects.toMatchObject({
      code: "engine_failed",
    });
    expect(actions(runner)).toEqual([["ifconfig", "-a"], ...made, ["cp", "-a", `${BASE}/etc/`, `${ROOT("t1.data")}/etc`], ...cleanup]);
    expect(hostCalls(runner).some((c) => c.kind === "write")).toBe(false);
  });

  it("removes its root when writing the conf fails, and frees the address for the next create", async () => {
    const runner = recordedHostRunner();
    runner.on(["mkdir", ROOT("web2")], {}).on(TAR("web2"), {});
    runner.on(["chflags", "-R", "0", ROOT("web2")], {}).on(["rm", "-rf", ROOT("web2")], {});
    const write = runner.writeFile.bind(runner);
    // Only the conf's write fails: the journal's goes elsewhere.
    runner.writeFile = async (file, content) =>
      file.startsWith(JOURNAL_DIR) ? write(file, content) : Promise.reject(new Error("EROFS: read-only file system"));
    const driver = testDriver(runner);
    await expect(driver.createJail({ name: "web2", template: "base" }, () => {})).rejects.toThrow("EROFS");
    expect(actions(runner).slice(-2)).toEqual([
      ["chflags", "-R", "0", ROOT("web2")],
      ["rm", "-rf", ROOT("web2")],
    ]);
    runner.writeFile = write;
    await driver.createJail({ name: "web2", template: "base" }, () => {});
    expect(addressOf(runner, "web2")).toEqual(["em0|192.0.2.2/32"]);
  });

  it("refuses a root directory that already exists, removing nothing", async () => {
    const runner = recordedHostRunner();
    runner.on(["mkdir", ROOT("web2")], { exitCode: 1, stderr: `mkdir: ${ROOT("web2")}: File exists\n` });
    const error = testDriver(runner).createJail({ name: "web2", template: "base" }, () => {});
    await expect(error).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining(`${ROOT("web2")} already exists`) });
    expect(actions(runner)).toEqual([
      ["ifconfig", "-a"],
      ["mkdir", ROOT("web2")],
    ]);
    expect(hostCalls(runner).some((c) => c.kind !== "run")).toBe(false);
  });
});
