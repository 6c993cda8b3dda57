import { describe, expect, it } from "vitest";
import { KeyedQueue } from "./keyed-queue";

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("KeyedQueue", () => {
  it("runs tasks on one key one at a time, in order", async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const task = (id: string, ms: number) => async () => {
      log.push(`start ${id}`);
      await tick(ms);
      log.push(`end ${id}`);
      return id;
    };
    const results = await Promise.all([queue.run("a", task("1", 20)), queue.run("a", task("2", 1)), queue.run("a", task("3", 1))]);
    expect(results).toEqual(["1", "2", "3"]);
    expect(log).toEqual(["start 1", "end 1", "start 2", "end 2", "start 3", "end 3"]);
  });

  it("runs different keys concurrently", async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    await Promise.all([
      queue.run("a", async () => {
        log.push("a");
        await tick(20);
        log.push("a done");
      }),
      queue.run("b", async () => {
        log.push("b");
      }),
    ]);
    expect(log).toEqual(["a", "b", "a done"]);
  });

  it("keeps going after a failure and forgets idle keys", async () => {
    const queue = new KeyedQueue();
    const failed = queue.run("a", async () => {
      throw new Error("no");
    });
    const next = queue.run("a", async () => "ok");
    await expect(failed).rejects.toThrow("no");
    await expect(next).resolves.toBe("ok");
    await tick(0);
    expect(queue.busyKeys).toEqual([]);
  });
});
