import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { allocateIdRange, FIRST_JAIL_ID, IDS_PER_JAIL, insideId, parseIdMap, rangesInUse } from "./id-ranges";

describe("id ranges", () => {
  it("gives the first jail the first range and skips ranges recorded or mapped by a running process", () => {
    expect(allocateIdRange([], [])).toBe(FIRST_JAIL_ID);
    expect(allocateIdRange([FIRST_JAIL_ID], [])).toBe(FIRST_JAIL_ID + IDS_PER_JAIL);
    const live = [{ inside: 0, outside: FIRST_JAIL_ID + IDS_PER_JAIL + 10, count: 1 }];
    expect(allocateIdRange([FIRST_JAIL_ID], live)).toBe(FIRST_JAIL_ID + 2 * IDS_PER_JAIL);
  });

  it("maps host ids back into the jail and leaves unmapped ids out", () => {
    const map = parseIdMap("         0    1073741824      65536\n");
    expect(map).toEqual([{ inside: 0, outside: FIRST_JAIL_ID, count: 65_536 }]);
    expect(insideId(map, FIRST_JAIL_ID + 33)).toBe(33);
    expect(insideId(map, 1000)).toBeNull();
  });

  it("collects the ranges of every process's user namespace, not the host's identity map", async () => {
    const proc = mkdtempSync(path.join(os.tmpdir(), "stk-idmap-"));
    try {
      for (const [pid, map] of [
        ["1", "0 0 4294967295\n"],
        ["42", `0 ${FIRST_JAIL_ID} 65536\n`],
        ["43", `0 ${FIRST_JAIL_ID} 65536\n`],
        ["self", "junk"],
      ] as const) {
        mkdirSync(path.join(proc, pid));
        writeFileSync(path.join(proc, pid, "uid_map"), map);
      }
      expect(await rangesInUse(proc)).toEqual([{ inside: 0, outside: FIRST_JAIL_ID, count: 65_536 }]);
    } finally {
      rmSync(proc, { recursive: true, force: true });
    }
  });
  it("reads each user namespace's map once, from a member still there", async () => {
    const proc = mkdtempSync(path.join(os.tmpdir(), "stk-idmap-"));
    const second = FIRST_JAIL_ID + IDS_PER_JAIL;
    try {
      // 10 and 11 share a namespace; 10 exited after the listing (no uid_map left), 11 still runs.
      for (const [pid, ns, map] of [
        ["1", "user:[1]", "0 0 4294967295\n"],
        ["10", "user:[2]", null],
        ["11", "user:[2]", `0 ${FIRST_JAIL_ID} 65536\n`],
        ["20", "user:[3]", `0 ${second} 65536\n`],
      ] as const) {
        mkdirSync(path.join(proc, pid, "ns"), { recursive: true });
        symlinkSync(ns, path.join(proc, pid, "ns", "user"));
        if (map !== null) writeFileSync(path.join(proc, pid, "uid_map"), map);
      }
      const ranges = await rangesInUse(proc);
      expect(ranges.map((r) => r.outside).sort()).toEqual([FIRST_JAIL_ID, second]);
    } finally {
      rmSync(proc, { recursive: true, force: true });
    }
  });
});
