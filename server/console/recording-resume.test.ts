import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseCast } from "@/app/_components/console/cast";
import { AsciicastRecorder } from "./recording";
import { readRecordingEnd } from "./recording-resume";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stk-cast-resume-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const header = { width: 80, height: 24, title: "www1 — op" };
const onStop = () => undefined;
const events = (file: string) =>
  fs
    .readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => JSON.parse(line) as [number, string, string]);

describe("a recording continued by another writer", () => {
  it("appends after a marker, with the same clock and each output byte once, and stays one valid asciicast", async () => {
    const file = path.join(dir, "a.cast");
    const first = new AsciicastRecorder({ file, header, startOffset: 0, maxBytes: 1 << 20, onStop });
    first.output(0, Buffer.from("$ echo €\r\n€\r\n"));
    first.input(Buffer.from("ls\r"));
    await first.close();
    const end = await readRecordingEnd(file);
    expect(end).toMatchObject({ recordedEnd: Buffer.byteLength("$ echo €\r\n€\r\n"), bytes: fs.statSync(file).size });

    const second = new AsciicastRecorder({ file, header, startOffset: 6, maxBytes: 1 << 20, onStop, resume: end });
    // The new process's stream starts where its browser was (byte 6), before the file's end: that part is not recorded again.
    second.output(6, Buffer.from("$ echo €\r\n€\r\n$ ").subarray(6));
    await second.close();
    const kinds = events(file).map(([, kind, text]) => [kind, text]);
    expect(kinds).toEqual([
      ["o", "$ echo €\r\n€\r\n"],
      ["i", "ls\r"],
      ["m", `recording continued at output byte ${end.recordedEnd}`],
      ["o", "$ "],
    ]);
    const times = events(file).map(([t]) => t);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(
      parseCast(fs.readFileSync(file, "utf8"))
        .output.map((o) => o.text)
        .join(""),
    ).toBe("$ echo €\r\n€\r\n$ ");
    // A second continuation counts from the marker's offset.
    expect((await readRecordingEnd(file)).recordedEnd).toBe(end.recordedEnd + 2);
  });

  it("cuts a line the dead writer left half-written, so appended lines stay readable", async () => {
    const file = path.join(dir, "b.cast");
    const first = new AsciicastRecorder({ file, header, startOffset: 100, maxBytes: 1 << 20, onStop });
    first.output(100, Buffer.from("abc"));
    await first.close();
    fs.appendFileSync(file, '[0.5, "o", "de');
    const end = await readRecordingEnd(file);
    expect(end.recordedEnd).toBe(103);
    const second = new AsciicastRecorder({ file, header, startOffset: 103, maxBytes: 1 << 20, onStop, resume: end });
    second.output(103, Buffer.from("def"));
    await second.close();
    expect(parseCast(fs.readFileSync(file, "utf8")).output.map((o) => o.text)).toEqual(["abc", "def"]);
  });
});
