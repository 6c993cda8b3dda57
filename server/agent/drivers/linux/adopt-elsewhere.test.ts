import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { planRequestSchema } from "../../protocol";
import type { JailDriver } from "../driver";
import { RecordingRunner } from "../shared/recording-runner";
import { createLinuxDriver } from "./driver";

const BRIDGE = "stkadoptp0";
const LS = (lxcPath: string) => ["lxc-ls", "-P", lxcPath, "-f", "-F", "NAME,STATE,PID,IPV4"];
const INFO = (lxcPath: string, name: string) => ["lxc-info", "-P", lxcPath, "-n", name, "-s", "-p"];
// No such process: the drift and limit readers find no cgroup for it.
const GONE_PID = 2_147_483_000;

let root: string;
let own: string;
let other: string;
let runner: RecordingRunner;
let driver: JailDriver;
let state: "STOPPED" | "RUNNING";

/** What plain lxc-create -P OTHER -t busybox leaves: a config with its maker's lines and a rootfs. */
function plainContainer(lxcPath: string, name: string) {
  const rootfs = path.join(lxcPath, name, "rootfs");
  mkdirSync(path.join(rootfs, "root"), { recursive: true });
  writeFileSync(path.join(rootfs, "root", "marker"), "made before Stockade");
  writeFileSync(path.join(lxcPath, name, "config"), `lxc.rootfs.path = dir:${rootfs}\nlxc.uts.name = ${name}\nlxc.net.0.type = empty\n`);
}

beforeEach(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), "adoptp-driver-"));
  own = path.join(root, "lxc");
  other = path.join(root, "elsewhere");
  mkdirSync(other);
  plainContainer(other, "old1");
  state = "STOPPED";
  const gateway = [{ ifname: BRIDGE, flags: ["UP"], addr_info: [{ family: "inet", local: "10.213.9.1", prefixlen: 28 }] }];
  runner = new RecordingRunner([
    [["ip", "-j", "addr", "show", "dev", BRIDGE], { stdout: JSON.stringify(gateway) }],
    [["ip", "link", "set", BRIDGE, "up"], {}],
    [LS(own), { stdout: "NAME STATE PID IPV4\n" }],
    [LS(other), () => ({ stdout: `NAME STATE PID IPV4\nold1 ${state} ${state === "RUNNING" ? GONE_PID : "-"} -\n` })],
    [INFO(other, "old1"), () => ({ stdout: `State:          ${state}\n${state === "RUNNING" ? `PID:            ${GONE_PID}\n` : ""}` })],
  ]);
  driver = await createLinuxDriver({
    lxcPath: own,
    stateDir: path.join(root, "state"),
    shareDir: path.join(root, "shares"),
    templateDir: path.join(root, "templates"),
    bridge: BRIDGE,
    pool: "10.213.9.0/28",
    log: pino({ level: "silent" }),
    runner,
    pollIntervalMs: 3_600_000,
  });
});

afterEach(async () => {
  await driver.close();
  rmSync(root, { recursive: true, force: true });
});

const lxcCommands = () => runner.commands.filter((argv) => argv[0]!.startsWith("lxc-") && argv[0] !== "lxc-ls" && argv[0] !== "lxc-info");

describe("adopting a container from another LXC path (recording runner)", () => {
  it("shows the path in the plan, records it, and starts and stops the jail with -P that path", async () => {
    const plan = await driver.plan({ kind: "adopt", name: "old1", lxcPath: other });
    expect(plan.shown).toMatchObject({ kind: "adopt", configPath: path.join(other, "old1", "config") });
    expect(plan.shown.warnings[0]).toContain(`LXC path: ${other} (not the agent's)`);
    expect(plan.shown.commands).toEqual([]);
    const adopted = await driver.apply(plan, { progress: () => {} });
    expect(adopted).toMatchObject({ name: "old1", adopted: true, state: "stopped", path: path.join(other, "old1") });
    expect(adopted?.unmanaged).toBeUndefined();
    expect(readFileSync(path.join(other, "old1", "config"), "utf8")).toBe(plan.shown.configAfter);
    expect(readFileSync(path.join(other, "old1", "rootfs", "root", "marker"), "utf8")).toBe("made before Stockade");
    expect(JSON.parse(readFileSync(path.join(root, "state", "jails", "old1.json"), "utf8"))).toMatchObject({ lxcPath: other });

    const at = ["-P", other, "-n", "old1"];
    const from = runner.commands.length;
    const start = ["lxc-start", ...at, "-o", path.join(other, "old1", "stockade-start.log"), "-l", "ERROR", "-L"];
    runner.on([...start, path.join(other, "old1", "stockade-console.log")], () => ((state = "RUNNING"), {}));
    runner.on(["lxc-wait", ...at, "-s", "RUNNING", "-t", "10"], {});
    expect(await driver.startJail("old1")).toMatchObject({ state: "running", initPid: GONE_PID });
    runner.on(["lxc-stop", ...at, "-t", "5"], () => ((state = "STOPPED"), {}));
    runner.on(["lxc-wait", ...at, "-s", "STOPPED", "-t", "10"], {});
    expect(await driver.stopJail("old1", 5)).toMatchObject({ state: "stopped" });
    // Each reads the one container before and after; the bridge is made sure of (it does not exist on this host).
    expect(runner.commands.slice(from)).toEqual([
      INFO(other, "old1"),
      ["ip", "-j", "addr", "show", "dev", BRIDGE],
      ["ip", "link", "set", BRIDGE, "up"],
      [...start, path.join(other, "old1", "stockade-console.log")],
      ["lxc-wait", ...at, "-s", "RUNNING", "-t", "10"],
      INFO(other, "old1"),
      INFO(other, "old1"),
      ["lxc-stop", ...at, "-t", "5"],
      ["lxc-wait", ...at, "-s", "STOPPED", "-t", "10"],
      INFO(other, "old1"),
    ]);
  });

  it("plans a destroy of it in its own path", async () => {
    await driver.apply(await driver.plan({ kind: "adopt", name: "old1", lxcPath: other }), { progress: () => {} });
    const plan = await driver.plan({ kind: "destroy", name: "old1" });
    expect(plan.shown.configPath).toBe(path.join(other, "old1", "config"));
    expect(plan.shown.commands.map((c) => c.argv)).toEqual([["lxc-destroy", "-P", other, "-n", "old1"]]);
  });

  it("refuses the agent's own directories, a path through a link, and a missing one, before reading anything", async () => {
    const refused = (lxcPath: string) => driver.plan({ kind: "adopt", name: "old1", lxcPath });
    await expect(refused(path.join(root, "state"))).rejects.toMatchObject({ code: "invalid_input", message: /Stockade's own/ });
    await expect(refused(root)).rejects.toMatchObject({ code: "invalid_input", message: /Stockade's own/ });
    symlinkSync(other, path.join(root, "link"));
    await expect(refused(path.join(root, "link"))).rejects.toMatchObject({ message: new RegExp(`leads to ${other}`) });
    await expect(refused(path.join(root, "missing"))).rejects.toMatchObject({ message: /not an existing directory/ });
  });

  it("refuses a name its own LXC path has too: jail names are unique", async () => {
    plainContainer(own, "old1");
    await expect(driver.plan({ kind: "adopt", name: "old1", lxcPath: other })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("in Stockade's LXC path too"),
    });
  });

  it("takes the agent's own path as no path at all", async () => {
    await expect(driver.plan({ kind: "adopt", name: "old1", lxcPath: own })).rejects.toMatchObject({
      code: "not_found",
      message: `No container named old1 in ${own}`,
    });
  });
});

describe("adopting a container whose address is outside the pool (recording runner)", () => {
  const NET = "lxc.net.0.type = veth\nlxc.net.0.link = lxcbr0\nlxc.net.0.ipv4.address = 198.51.100.7/24\n";

  it("records the address as external, keeps its network lines and takes nothing from the pool", async () => {
    const config = path.join(other, "old1", "config");
    writeFileSync(config, readFileSync(config, "utf8").replace("lxc.net.0.type = empty\n", NET));
    const plan = await driver.plan({ kind: "adopt", name: "old1", lxcPath: other });
    expect(plan.shown.warnings).toContain("198.51.100.7 is outside the pool: it is recorded as external and its network lines are kept.");
    expect(plan.shown.configAfter).toContain(NET);
    expect(plan.shown.configAfter).not.toContain(BRIDGE);
    await driver.apply(plan, { progress: () => {} });
    const stored = JSON.parse(readFileSync(path.join(root, "state", "jails", "old1.json"), "utf8"));
    expect(stored).toMatchObject({ ipv4: "198.51.100.7", network: "external" });
    const links = [{ ifname: BRIDGE, flags: ["UP"], addr_info: [{ family: "inet", local: "10.213.9.1", prefixlen: 28 }] }];
    runner.on(["ip", "-j", "addr", "show"], { stdout: JSON.stringify(links) });
    const [pool] = (await driver.network()).pools;
    expect(pool?.used.map((entry) => entry.address)).not.toContain("198.51.100.7");
    expect(lxcCommands()).toEqual([]);
  });
});

describe("create refusals on the Linux driver (recording runner)", () => {
  const runsBeyondReads = (from: number) => runner.commands.slice(from).filter((argv) => argv[0] !== "lxc-ls" && argv[0] !== "lxc-info");

  it("refuses a name an adopted jail or a container in its LXC path has, and an unknown template, naming the field, running nothing", async () => {
    await driver.apply(await driver.plan({ kind: "adopt", name: "old1", lxcPath: other }), { progress: () => {} });
    plainContainer(own, "web1");
    const from = runner.commands.length;
    for (const name of ["old1", "web1"]) {
      await expect(driver.plan({ kind: "create", input: { name, template: "busybox", autostart: false, tags: [] } })).rejects.toMatchObject(
        {
          code: "conflict",
          message: `A jail named ${name} already exists`,
          details: { field: "name" },
        },
      );
    }
    await expect(
      driver.plan({ kind: "create", input: { name: "web2", template: "nope", autostart: false, tags: [] } }),
    ).rejects.toMatchObject({
      code: "not_found",
      message: expect.stringContaining("No template named nope"),
      details: { field: "template" },
    });
    expect(runsBeyondReads(from)).toEqual([]);
  });
});

describe("the adopt request's lxcPath", () => {
  const parses = (lxcPath: string) => planRequestSchema.safeParse({ kind: "adopt", name: "old1", lxcPath }).success;
  it("is a plain, normalized absolute path outside the kernel's and the host's own directories", () => {
    expect(parses("/var/lib/lxc")).toBe(true);
    expect(parses("/tmp/adoptp-lxc-1")).toBe(true);
    for (const bad of ["var/lib/lxc", "/var/lib/../lxc", "/var//lib", "/var/lib/lxc/", "/", "/proc/1", "/etc/lxc", "/a b", "/a,b"]) {
      expect(parses(bad), bad).toBe(false);
    }
  });
});
