import pino from "pino";
import { describe, expect, it } from "vitest";
import type { JailDriver, PtySession } from "../drivers/driver";
import type { Jail } from "../protocol";
import { createMethods } from "./index";

/** A driver whose restart ends when the test says so, recording when a PTY is asked for. */
function drivenRestart() {
  const steps: string[] = [];
  let finish = () => {};
  const pty = { pid: 1, onData: () => () => {}, onExit: () => () => {}, close: () => {} } as unknown as PtySession;
  const driver = {
    restartJail: () =>
      new Promise<Jail>((resolve) => {
        steps.push("restart begins");
        finish = () => {
          steps.push("restart ends");
          resolve({ name: "www1" } as Jail);
        };
      }),
    openPty: async () => {
      steps.push("pty opened");
      return pty;
    },
    subscribe: () => () => {},
    close: async () => {},
  } as unknown as JailDriver;
  const methods = createMethods(driver, pino({ level: "silent" }), { idleMs: 60_000, scrollbackBytes: 4096 });
  return { methods, steps, finish: () => finish() };
}

describe("a console opened while its jail restarts", () => {
  it("opens once the restart is done, in the run it leads to, not in the one being ended", async () => {
    const { methods, steps, finish } = drivenRestart();
    const restart = methods.call("jails.restart", { name: "www1" });
    await new Promise((r) => setImmediate(r));
    const opened = methods.consoles.open("www1", { cols: 80, rows: 24 });
    await new Promise((r) => setTimeout(r, 50));
    expect(steps).toEqual(["restart begins"]);
    finish();
    await Promise.all([restart, opened]);
    expect(steps).toEqual(["restart begins", "restart ends", "pty opened"]);
  });

  it("opens at once when no start, stop or restart of that jail runs", async () => {
    const { methods, steps } = drivenRestart();
    void methods.call("jails.restart", { name: "www1" });
    await methods.consoles.open("www2", { cols: 80, rows: 24 });
    expect(steps).toContain("pty opened");
    expect(steps).not.toContain("restart ends");
  });
});
