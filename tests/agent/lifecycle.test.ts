import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  changeJail,
  createJail,
  destroyJail,
  fetchJails,
  fetchNetworkInfo,
  fetchProcessSnapshot,
  openConsole,
  startJail,
  stopJail,
} from "@/server/agent-client";
import { cgroupDir } from "@/server/agent/drivers/linux/cgroup";
import { broadcastAddress, parsePool } from "@/server/agent/drivers/shared/ip-pool";
import { vethPairName } from "@/server/agent/drivers/linux/lxc-config";
import {
  canRunLxc,
  cleanupEnv,
  linkExists,
  makeTestEnv,
  runInJail,
  startAgentWithEvents,
  waitFor,
  type AgentWithEvents,
  type TestEnv,
} from "./harness";

const MiB = 1024 * 1024;

describe.skipIf(!canRunLxc)("[integration] jail lifecycle through the agent client", () => {
  let env: TestEnv;
  let a: AgentWithEvents;

  beforeAll(async () => {
    env = await makeTestEnv();
    a = await startAgentWithEvents(env);
  });

  afterAll(async () => {
    a?.subscription.close();
    await a?.agent.close();
    if (env) await cleanupEnv(env);
    expect(await linkExists(env.config.bridge)).toBe(false);
  });

  async function readCgroup(initPid: number, controller: string, file: string): Promise<string> {
    const dir = await cgroupDir(initPid, controller, 1);
    return (await readFile(path.join(dir!, file), "utf8")).trim();
  }

  async function lifecycle(template: "busybox" | "debian") {
    const name = `${env.prefix}-${template}`;
    const created = await createJail(a.conn, { name, template, limits: { maxProcesses: 64, memoryBytes: 128 * MiB } });
    expect(created).toMatchObject({ name, state: "stopped", template, adopted: false });
    const from = a.commands.length;
    const started = await startJail(a.conn, name);
    expect(started.state).toBe("running");
    // Its own container read before and after (the monitor's lxc-ls runs beside); the bridge is up, so no ip
    // runs; a busybox rootfs needs no mount (Debian's overlay does).
    const ran = a.commands.slice(from).flatMap(({ argv }) => (argv[0] === "lxc-ls" ? [] : [argv.slice(0, argv.indexOf("-n") + 2)]));
    const startOnly = ["lxc-info", "lxc-start", "lxc-wait", "lxc-info"].map((program) => [program, "-P", env.config.lxcPath, "-n", name]);
    if (template === "busybox") expect(ran).toEqual(startOnly);
    const initPid = started.initPid!;

    const hostname = await runInJail(env.config.lxcPath, name, ["hostname"]);
    expect(hostname).toMatchObject({ exitCode: 0, stdout: `${name}\n` });
    const addresses = await runInJail(env.config.lxcPath, name, ["cat", "/proc/net/fib_trie"]);
    expect(addresses.stdout).toContain(started.ipv4[0]);
    // The kernel's broadcast route is the one configured: the pool's, not LXC's default 0.0.0.x.
    const broadcast = broadcastAddress(parsePool(env.config.pool)).replaceAll(".", "\\.");
    expect(addresses.stdout).toMatch(new RegExp(`${broadcast}\\s+/32 link BROADCAST`));
    expect(addresses.stdout).not.toMatch(/\b0\.0\.0\.\d+\s+\/32 link BROADCAST/);
    const ownAddress = (await fetchNetworkInfo(a.conn)).jailAddresses.find((entry) => entry.jail === name);
    expect(ownAddress).toMatchObject({ prefixLength: parsePool(env.config.pool).prefixLength, interface: "eth0" });

    const snapshot = await fetchProcessSnapshot(a.conn);
    const mine = snapshot.processes.filter((p) => p.jail === name);
    expect(mine.map((p) => p.pid)).toContain(initPid);
    expect(mine.find((p) => p.pid === initPid)?.pidInJail).toBe(1);

    const change = await changeJail(a.conn, { name, limits: { maxProcesses: 40, memoryBytes: 96 * MiB, cpuPercent: 50 } });
    expect(change.appliedLive).toEqual(expect.arrayContaining(["limits.maxProcesses", "limits.memoryBytes", "limits.cpuPercent"]));
    expect(await readCgroup(initPid, "pids", "pids.max")).toBe("40");
    expect(await readCgroup(initPid, "memory", "memory.limit_in_bytes")).toBe(String(96 * MiB));
    expect(await readCgroup(initPid, "cpu", "cpu.cfs_quota_us")).toBe("50000");

    // Without sys_boot the jail's init cannot end itself; the agent ends it once its shutdown says it is done.
    const stopStarted = performance.now();
    expect((await stopJail(a.conn, name)).state).toBe("stopped");
    const stopMs = performance.now() - stopStarted;
    console.log(`${template} stop (sys_boot dropped): ${(stopMs / 1000).toFixed(2)} s`);
    expect(stopMs).toBeLessThan(5000);
    await destroyJail(a.conn, name);
    await expectNothingLeft(name);
  }

  async function expectNothingLeft(name: string) {
    expect((await fetchJails(a.conn)).map((j) => j.name)).not.toContain(name);
    expect(await linkExists(vethPairName(env.config.lxcPath, name))).toBe(false);
    const network = await fetchNetworkInfo(a.conn);
    expect(network.pools[0]!.used.map((u) => u.jail)).not.toContain(name);
    for (const controller of ["pids", "memory", "cpu"]) {
      await expect(readFile(`/sys/fs/cgroup/${controller}/lxc.payload.${name}/cgroup.procs`)).rejects.toThrow();
    }
    await expect(readFile(path.join(env.config.lxcPath, name, "config"))).rejects.toThrow();
    await expect(readFile(path.join(env.config.stateDir, "jails", `${name}.json`))).rejects.toThrow();
  }

  it("busybox: create, start, a command run in it (lxc-attach), processes, live limits, stop, destroy", async () => {
    await lifecycle("busybox");
    await waitFor(
      async () => a.events.some((e) => e.type === "jail.destroyed" && e.jail === `${env.prefix}-busybox`),
      3000,
      "destroyed event",
    );
    const kinds = a.events.filter((e) => "jail" in e && e.jail === `${env.prefix}-busybox`).map((e) => e.type);
    expect(kinds).toEqual(expect.arrayContaining(["jail.created", "jail.destroyed"]));
    const progress = a.events.filter((e) => e.type === "progress" && e.task === `create:${env.prefix}-busybox`);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.at(-1)).toMatchObject({ done: true, fraction: 1 });
  });

  it("debian: thin overlay clone of the cached debootstrap base", { timeout: 15 * 60_000 }, async () => {
    await lifecycle("debian");
  });

  it("opens a PTY inside the jail, resizes it and sees the shell exit", async () => {
    const name = `${env.prefix}-pty`;
    await createJail(a.conn, { name, template: "busybox" });
    await startJail(a.conn, name);
    await waitFor(
      async () => a.events.some((e) => e.type === "jail.state" && e.jail === name && e.state === "running"),
      3000,
      "running state event",
    );
    // Another session's PTY master is open in this (the agent's) process while the next shell and command start.
    const other = await openConsole(a.conn, { jail: name, cols: 80, rows: 24 });
    const pty = await openConsole(a.conn, { jail: name, cols: 80, rows: 24 });
    let output = "";
    pty.onData((d) => (output += d.toString("utf8")));
    const exited = new Promise((resolve) => pty.onEnd(resolve));
    // Like a terminal, answer only once the shell has prompted: input sent earlier can be eaten.
    await waitFor(async () => output.includes("# "), 5000, "the shell's prompt");
    pty.resize(120, 40);
    pty.write(Buffer.from("stty size; echo marker-$((6*7))\n"));
    await waitFor(async () => output.includes("marker-42") && output.includes("40 120"), 5000, "stty and echo output");
    // /dev/tty opens only on a controlling terminal; no PTY master of the host reaches the jail;
    // the terminal is a node of the jail's own devpts (so `tty` names it there), owned by the jail's root.
    pty.write(Buffer.from(": </dev/tty && echo ctty-yes; echo masters-$(ls -l /proc/$$/fd | grep -c ptmx)\n"));
    pty.write(Buffer.from('echo "tty-$(tty)-$([ -e "$(tty)" ] && echo exists)-owner-$(stat -c %u "$(tty)")"\n'));
    await waitFor(
      async () => ["ctty-yes", "masters-0"].every((word) => output.includes(word)) && /tty-\/dev\/pts\/\d+-exists-owner-0\b/.test(output),
      5000,
      "the terminal checks",
    );
    const command = await runInJail(env.config.lxcPath, name, ["ls", "-l", "/proc/self/fd"]);
    expect(command.stdout).not.toMatch(/ptmx|\/dev\/pts\//);
    pty.write(Buffer.from("exit\n"));
    expect(await exited).toEqual({ kind: "exit", exitCode: 0 });
    other.close();
    await stopJail(a.conn, name);
    await destroyJail(a.conn, name);
  });
});
