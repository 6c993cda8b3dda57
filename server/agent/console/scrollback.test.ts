import { describe, expect, it } from "vitest";
import { Scrollback } from "./scrollback";

const bytes = (s: string) => Buffer.from(s, "utf8");

describe("Scrollback", () => {
  it("keeps everything below its capacity and replays from an offset", () => {
    const sb = new Scrollback(100);
    sb.push(bytes("hello "));
    sb.push(bytes("world"));
    expect(sb.readFrom().data.toString()).toBe("hello world");
    expect(sb.readFrom(6)).toEqual({ from: 6, data: bytes("world") });
    expect(sb.end).toBe(11);
  });

  it("drops the oldest bytes beyond its capacity, splitting a chunk if needed", () => {
    const sb = new Scrollback(8);
    sb.push(bytes("abcdef"));
    sb.push(bytes("ghij"));
    expect(sb.start).toBe(2);
    expect(sb.readFrom(0)).toEqual({ from: 2, data: bytes("cdefghij") });
  });

  it("keeps only the tail of a chunk larger than itself", () => {
    const sb = new Scrollback(4);
    sb.push(bytes("0123456789"));
    expect(sb.readFrom()).toEqual({ from: 6, data: bytes("6789") });
    expect(sb.end).toBe(10);
  });

  it("answers nothing for an offset at or past the end", () => {
    const sb = new Scrollback(4);
    sb.push(bytes("ab"));
    expect(sb.readFrom(99)).toEqual({ from: 2, data: Buffer.alloc(0) });
  });

  it("holds raw bytes, not text: a split UTF-8 character survives", () => {
    const sb = new Scrollback(16);
    const euro = bytes("€");
    sb.push(euro.subarray(0, 1));
    sb.push(euro.subarray(1));
    expect(sb.readFrom().data.toString("utf8")).toBe("€");
  });
});
