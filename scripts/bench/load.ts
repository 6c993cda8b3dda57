import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import { startBusyboxContainer, type BusyboxContainer } from "../../tests/agent/lxc-container";
import type { Cleanup } from "./harness";

/** Long enough for any run; short enough that a SIGKILLed bench does not leave them for long. */
const SLEEP_SECONDS = "900";

/** busybox is static, so each exec is cheaper than coreutils' dynamically linked sleep. */
const SLEEP = fs.existsSync("/bin/busybox") ? ["/bin/busybox", "sleep"] : ["sleep"];

/** Starts `count` sleeping processes on the host, killed by pid at cleanup. */
export async function startHostSleepers(count: number, cleanup: Cleanup): Promise<void> {
  const children: ChildProcess[] = [];
  cleanup.add(
    () => killAll(children),
    () => children.forEach((child) => child.kill("SIGKILL")),
  );
  const [program = "sleep", ...args] = SLEEP;
  for (let i = 0; i < count && !cleanup.interrupted; i++) {
    children.push(spawn(program, [...args, SLEEP_SECONDS], { stdio: "ignore" }));
    // Let libuv reap and settle now and then instead of holding the loop for seconds.
    if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Starts a busybox container with `count` sleeps inside. Each lxc-attach stays on the host
 * while its sleep runs, which also adds `count` host processes.
 */
export async function startJailSleepers(prefix: string, count: number, cleanup: Cleanup): Promise<BusyboxContainer> {
  const container = await cleanup.adopt(
    () => startBusyboxContainer(prefix),
    (started) => started.destroy(),
  );
  const attached: ChildProcess[] = [];
  cleanup.add(
    () => killAll(attached),
    () => attached.forEach((child) => child.kill("SIGKILL")),
  );
  for (let i = 0; i < count && !cleanup.interrupted; i++) {
    attached.push(container.attach(["/bin/sleep", SLEEP_SECONDS]));
    if (i % 20 === 19) await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return container;
}

/** One busy-looping shell per CPU for the rest of the run, killed by pid at cleanup: a loaded host. */
export function startBusyLoops(cleanup: Cleanup, count = os.cpus().length): void {
  const loops = Array.from({ length: count }, () => spawn("sh", ["-c", "while :; do :; done"], { stdio: "ignore" }));
  cleanup.add(
    () => killAll(loops),
    () => loops.forEach((loop) => loop.kill("SIGKILL")),
  );
}

async function killAll(children: ChildProcess[]): Promise<void> {
  const exits = children
    .filter((child) => child.exitCode === null && child.signalCode === null)
    .map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
        }),
    );
  await Promise.race([Promise.all(exits), new Promise((resolve) => setTimeout(resolve, 10_000))]);
}
