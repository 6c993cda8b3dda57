import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProcessReader } from "@/server/agent/drivers/linux/procfs/processes";
import { lxcAvailable, startBusyboxContainer, type BusyboxContainer } from "./lxc-container";
import { readJailUsage } from "@/server/agent/drivers/linux/procfs/usage";

const canRun = await lxcAvailable();

describe.skipIf(!canRun)("[integration] procfs readers on a real LXC container", () => {
  let container: BusyboxContainer | undefined;
  let sleeper: ChildProcess | undefined;

  beforeAll(async () => {
    container = await startBusyboxContainer("stk-p-");
    sleeper = container.attach(["/bin/sleep", "300"]);
  });

  afterAll(async () => {
    sleeper?.kill("SIGKILL");
    await container?.destroy();
  });

  const jail = () => ({ name: container?.name ?? "", initPid: container?.initPid ?? 0 });

  it("attributes a process started with lxc-attach to the jail, under the lxc monitor", async () => {
    const reader = createProcessReader();
    let sleep;
    let snapshot;
    for (let attempt = 0; attempt < 50 && sleep === undefined; attempt++) {
      snapshot = await reader.snapshot([jail()]);
      sleep = snapshot.processes.find((p) => p.args === "/bin/sleep 300" && p.ppid === sleeper?.pid);
      if (sleep === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // The container is unprivileged: its root is a high host uid, shown as the jail's own root.
    expect(sleep).toMatchObject({ jail: jail().name, command: "sleep", user: "root", uid: 0 });
    expect(sleep?.pidInJail).toBeGreaterThan(1);
    expect(sleep?.pidInJail).not.toBe(sleep?.pid);
    const anchor = snapshot?.jailAnchors[jail().name];
    const monitor = snapshot?.processes.find((p) => p.pid === anchor);
    expect(monitor).toMatchObject({ jail: null });
    expect(monitor?.args).toContain("[lxc monitor]");
    expect(snapshot?.processes.find((p) => p.pid === jail().initPid)).toMatchObject({ jail: jail().name, pidInJail: 1, ppid: anchor });
  });

  it("names a jail user by the jail's passwd, not by the host id behind the mapping", async () => {
    const reader = createProcessReader();
    const addAndSwitch = "echo www:x:1000:1000::/:/bin/sh >> /etc/passwd && exec su -s /bin/sh -c 'exec /bin/sleep 301' www";
    const www = container!.attach(["/bin/sh", "-c", addAndSwitch]);
    try {
      let sleep;
      for (let attempt = 0; attempt < 50 && sleep === undefined; attempt++) {
        sleep = (await reader.snapshot([jail()])).processes.find((p) => p.args === "/bin/sleep 301");
        if (sleep === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(sleep).toMatchObject({ jail: jail().name, user: "www", uid: 1000 });
    } finally {
      www.kill("SIGKILL");
    }
  });

  it("reads the jail's usage from its cgroups", async () => {
    const { usage } = await readJailUsage(jail());
    expect(usage.jail).toBe(jail().name);
    expect(usage.processCount).toBeGreaterThanOrEqual(2);
    expect(usage.memoryBytes).toBeGreaterThan(0);
    expect(usage.cpuSeconds).toBeGreaterThan(0);
  });
});
