import { spawn, type ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { createProcessReader } from "./procfs";
import { sendSignal } from "./signal";

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

/** A real host process (a sleep of our own) and what /proc says about it. */
async function hostSleep() {
  const child = spawn("sleep", ["60"], { stdio: "ignore" });
  children.push(child);
  const snapshot = await createProcessReader().snapshot([]);
  const seen = snapshot.processes.find((p) => p.pid === child.pid);
  if (!seen) throw new Error("the sleep is not in /proc");
  return { child, snapshot, seen };
}

const exited = (child: ChildProcess) => new Promise<string | null>((resolve) => child.once("exit", (_code, signal) => resolve(signal)));

describe("signalling a process (Linux)", () => {
  it("refuses a host process named as a jail's, or one started at another time, and leaves it running", async () => {
    const { child, snapshot, seen } = await hostSleep();
    expect(() => sendSignal(snapshot, { pid: seen.pid, jail: "web1", startedAt: seen.startedAt, signal: "KILL" })).toThrow(/host process/);
    expect(() => sendSignal(snapshot, { pid: seen.pid, jail: null, startedAt: seen.startedAt - 5000, signal: "KILL" })).toThrow(
      /different process/,
    );
    expect(child.exitCode).toBeNull();
    expect(() => process.kill(seen.pid, 0)).not.toThrow();
  });

  it("sends the signal to the process the caller saw", async () => {
    const { child, snapshot, seen } = await hostSleep();
    const gone = exited(child);
    sendSignal(snapshot, { pid: seen.pid, jail: null, startedAt: seen.startedAt, signal: "TERM" });
    expect(await gone).toBe("SIGTERM");
  });
});
