import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProcessReader } from "@/server/agent/drivers/linux/procfs/processes";
import { checkSignalTarget } from "@/server/agent/drivers/signal-target";
import { lxcAvailable, startBusyboxContainer, type BusyboxContainer } from "./lxc-container";

const canRun = await lxcAvailable();

/** A container made with plain lxc-create in its own LXC path: Stockade's agent knows no jail there. */
describe.skipIf(!canRun)("[integration] an LXC container Stockade does not manage", () => {
  let container: BusyboxContainer | undefined;
  let sleeper: ChildProcess | undefined;

  beforeAll(async () => {
    container = await startBusyboxContainer("unmanaged");
    sleeper = container.attach(["/bin/sleep", "302"]);
  });

  afterAll(async () => {
    sleeper?.kill("SIGKILL");
    await container?.destroy();
  });

  it("marks its processes with its name and LXC path, as host processes and not as jails", async () => {
    const reader = createProcessReader();
    let snapshot;
    let sleep;
    for (let attempt = 0; attempt < 50 && sleep?.container === undefined; attempt++) {
      snapshot = await reader.snapshot([]);
      sleep = snapshot.processes.find((p) => p.args === "/bin/sleep 302");
      if (sleep?.container === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const { name, lxcPath, initPid } = container!;
    const key = sleep?.container ?? "";
    expect(snapshot?.unmanagedContainers?.[key]).toMatchObject({ name, lxcPath, initPid });
    const init = snapshot?.processes.find((p) => p.pid === initPid);
    for (const process of [init, sleep]) expect(process).toMatchObject({ jail: null, pidInJail: null, container: key });
    const monitor = snapshot?.processes.find((p) => p.pid === snapshot?.unmanagedContainers?.[key]?.anchor);
    expect(monitor?.args).toBe(`[lxc monitor] ${lxcPath} ${name}`);
    expect(monitor?.container).toBeUndefined();
    expect(snapshot?.jailAnchors).toEqual({});
    expect(() =>
      checkSignalTarget(snapshot!, { pid: initPid, jail: null, startedAt: init!.startedAt, signal: "KILL" }, process.pid),
    ).toThrow(/does not manage/);
    reader.close();
  });
});
