import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AsciicastRecorder } from "./recording";
import { sweepRecordings } from "./recordings";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stk-cast-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const header = { width: 80, height: 24, title: "web1 — op" };
let n = 0;

function recorder(overrides: Partial<ConstructorParameters<typeof AsciicastRecorder>[0]> = {}) {
  const file = path.join(dir, `r${n++}.cast`);
  const stops: string[] = [];
  const rec = new AsciicastRecorder({ file, header, startOffset: 0, maxBytes: 1 << 20, onStop: (r) => stops.push(r), ...overrides });
  return { rec, file, stops };
}

async function lines(rec: AsciicastRecorder, file: string): Promise<unknown[]> {
  rec.close();
  await new Promise((resolve) => setTimeout(resolve, 50));
  return fs
    .readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as unknown);
}

describe("AsciicastRecorder", () => {
  it("writes an asciicast v2 header, output, input marked i and resizes", async () => {
    const { rec, file } = recorder();
    rec.output(0, Buffer.from("$ "));
    rec.input(Buffer.from("ls\r"));
    rec.resize(100, 30);
    const [head, ...events] = await lines(rec, file);
    expect(head).toMatchObject({ version: 2, width: 80, height: 24, title: "web1 — op", env: { TERM: "xterm-256color" } });
    expect(events.map((e) => (e as unknown[]).slice(1))).toEqual([
      ["o", "$ "],
      ["i", "ls\r"],
      ["r", "100x30"],
    ]);
    expect(typeof (events[0] as unknown[])[0]).toBe("number");
  });

  it("records each output byte once when two viewers deliver overlapping copies", async () => {
    const { rec, file } = recorder();
    rec.output(0, Buffer.from("abc"));
    rec.output(0, Buffer.from("abcdef"));
    rec.output(3, Buffer.from("def"));
    rec.output(6, Buffer.from("g"));
    const events = (await lines(rec, file)).slice(1) as unknown[][];
    expect(events.map((e) => e[2]).join("")).toBe("abcdefg");
  });

  it("keeps a UTF-8 character split across two reads whole", async () => {
    const { rec, file } = recorder();
    const euro = Buffer.from("€");
    rec.output(0, euro.subarray(0, 2));
    rec.output(2, euro.subarray(2));
    const events = (await lines(rec, file)).slice(1) as unknown[][];
    expect(events.map((e) => e[2]).join("")).toBe("€");
  });

  it("keeps text exact when ASCII output (recorded without a UTF-8 decode) follows and precedes split characters", async () => {
    const { rec, file } = recorder();
    const text = Buffer.from('plain "quoted"\r\n€ ünï\tend\x1b[0m');
    const cuts = [0, 6, 16, 17, 18, 20, 23, text.length];
    for (let i = 1; i < cuts.length; i++) rec.output(cuts[i - 1]!, text.subarray(cuts[i - 1], cuts[i]));
    const events = (await lines(rec, file)).slice(1) as unknown[][];
    expect(events.map((e) => e[2]).join("")).toBe(text.toString("utf8"));
  });

  it("stops at its size limit with a reason and ignores what follows", async () => {
    const { rec, stops } = recorder({ maxBytes: 300 });
    for (let i = 0; i < 20; i++) rec.output(i * 20, Buffer.alloc(20, 0x61));
    expect(stops).toEqual([expect.stringContaining("size limit of 300 bytes")]);
    expect(rec.active).toBe(false);
  });

  it("stops with a reason when the disk is full (the kernel's /dev/full), never throwing into the session", async () => {
    const { rec, stops } = recorder({ open: () => fs.createWriteStream("/dev/full") });
    rec.output(0, Buffer.from("output the shell goes on producing"));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stops).toEqual([expect.stringMatching(/recording stopped: ENOSPC/)]);
    expect(() => rec.output(40, Buffer.from("more"))).not.toThrow();
  });
});

describe("sweepRecordings", () => {
  it("deletes recordings older than the retention and keeps the rest", async () => {
    const sweepDir = fs.mkdtempSync(path.join(dir, "sweep-"));
    const old = path.join(sweepDir, `${"a".repeat(24)}.cast`);
    const fresh = path.join(sweepDir, `${"b".repeat(24)}.cast`);
    fs.writeFileSync(old, "{}\n");
    fs.writeFileSync(fresh, "{}\n");
    const tenDaysAgo = (Date.now() - 10 * 86_400_000) / 1000;
    fs.utimesSync(old, tenDaysAgo, tenDaysAgo);
    expect(await sweepRecordings(sweepDir, 7)).toBe(1);
    expect(fs.readdirSync(sweepDir)).toEqual([path.basename(fresh)]);
  });
});
