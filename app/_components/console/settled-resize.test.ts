import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { settledResize } from "./settled-resize";

describe("settledResize", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("sends only the last size once the window has settled", () => {
    const send = vi.fn();
    const resize = settledResize(send);
    resize.request(120, 40);
    vi.advanceTimersByTime(50);
    resize.request(100, 40);
    vi.advanceTimersByTime(79);
    expect(send).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(send.mock.calls).toEqual([[100, 40]]);
  });

  it("a flush before a keystroke sends the pending size at once, and only once", () => {
    const send = vi.fn();
    const resize = settledResize(send);
    resize.request(90, 30);
    resize.flush();
    expect(send.mock.calls).toEqual([[90, 30]]);
    vi.advanceTimersByTime(200);
    resize.flush();
    expect(send).toHaveBeenCalledTimes(1);
  });

  it("a cancelled resize is never sent", () => {
    const send = vi.fn();
    const resize = settledResize(send);
    resize.request(90, 30);
    resize.cancel();
    vi.advanceTimersByTime(200);
    expect(send).not.toHaveBeenCalled();
  });
});
