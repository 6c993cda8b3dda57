import { describe, expect, it } from "vitest";
import { SHUTDOWN_DONE, watchForShutdownDone } from "./shutdown-done";

describe("shutdown done on the console", () => {
  it("fires once, also when the line arrives split across chunks", () => {
    let fired = 0;
    const watch = watchForShutdownDone(() => fired++);
    watch("Will now halt.\r\n");
    expect(fired).toBe(0);
    const half = Math.floor(SHUTDOWN_DONE.length / 2);
    watch(`halt: Operation not permitted\r\n${SHUTDOWN_DONE.slice(0, half)}`);
    expect(fired).toBe(0);
    watch(`${SHUTDOWN_DONE.slice(half)}\r\n`);
    watch(`${SHUTDOWN_DONE}\r\n`);
    expect(fired).toBe(1);
  });
});
