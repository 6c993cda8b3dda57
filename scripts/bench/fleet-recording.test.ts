import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createFreebsdDriver } from "@/server/agent/drivers/freebsd";
import type { JailDriver } from "@/server/agent/drivers/driver";
import { JAILS, PROCESSES_PER_JAIL, TickingRunner, writeFleetRecording } from "./fleet-recording";

const dirs: string[] = [];
const drivers: JailDriver[] = [];

function driverAt(host: number, clock: { now: number }): JailDriver {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-recording-"));
  dirs.push(dir);
  writeFleetRecording(dir, host);
  const driver = createFreebsdDriver({
    interface: "em0",
    pool: { cidr: "192.0.2.0/24", gateway: "192.0.2.1" },
    runner: new TickingRunner(dir, host, () => clock.now),
    recorded: true,
  });
  drivers.push(driver);
  return driver;
}

afterEach(async () => {
  for (const driver of drivers.splice(0)) await driver.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("the fleet bench's generated host, read by the real FreeBSD driver", () => {
  it("has its jails running, each with its processes, and the host's info and usage", async () => {
    const driver = driverAt(3, { now: 0 });
    const jails = await driver.listJails();
    expect(jails.map((jail) => [jail.name, jail.state])).toEqual(
      Array.from({ length: JAILS }, (_, i) => [`j${String(i + 1).padStart(2, "0")}`, "running"]),
    );
    const snapshot = await driver.processSnapshot();
    const jailed = snapshot.processes.filter((p) => p.jail !== null);
    expect(jailed).toHaveLength(JAILS * PROCESSES_PER_JAIL);
    expect(new Set(jailed.filter((p) => p.jail === "j04").map((p) => p.pid)).size).toBe(PROCESSES_PER_JAIL);
    expect((await driver.hostInfo()).hostname).toBe("fleet3.example.org");
    expect((await driver.usage()).jails).toHaveLength(JAILS);
  });

  it("moves a little each second: one worker per jail replaced, a few CPU figures changed", async () => {
    const clock = { now: 0 };
    const driver = driverAt(1, clock);
    const before = await driver.processSnapshot();
    expect((await driver.processSnapshot()).processes).toEqual(before.processes);
    clock.now = 1000;
    const after = await driver.processSnapshot();
    const pids = (s: typeof before) => new Set(s.processes.map((p) => p.pid));
    const gone = [...pids(before)].filter((pid) => !pids(after).has(pid));
    expect(gone).toHaveLength(JAILS);
    expect(after.processes).toHaveLength(before.processes.length);
    const cpu = new Map(before.processes.map((p) => [p.pid, p.cpuPercent]));
    const changed = after.processes.filter((p) => cpu.has(p.pid) && cpu.get(p.pid) !== p.cpuPercent);
    expect(changed.length).toBeGreaterThan(JAILS);
    expect(changed.length).toBeLessThan(after.processes.length / 10);
  });
});
