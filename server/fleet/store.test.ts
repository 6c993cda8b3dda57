import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fingerprintOf } from "./ca";
import { ensureFleetIdentity } from "./store";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "fleet-store-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * Another process doing the same first-time creation, printing its CA's fingerprints. It starts
 * at the wall-clock time given, so that the processes' creations overlap despite tsx's start-up.
 */
const OTHER_PROCESS = `
import { ensureFleetIdentity } from "@/server/fleet/store";
import { fingerprintOf } from "@/server/fleet/ca";
const [fleet, startAt] = process.argv.slice(1);
await new Promise((resolve) => setTimeout(resolve, Number(startAt) - Date.now()));
const identities = await Promise.all([1, 2, 3].map(() => ensureFleetIdentity(fleet)));
console.log(identities.map((identity) => fingerprintOf(identity.ca.cert)).join("\\n"));
`;

async function otherProcess(fleet: string, startAt: number): Promise<string[]> {
  const argv = ["--import", "tsx", "--input-type=module", "-e", OTHER_PROCESS, fleet, String(startAt)];
  const { stdout } = await promisify(execFile)(process.execPath, argv, { cwd: process.cwd() });
  return stdout.trim().split("\n");
}

describe("ensureFleetIdentity", () => {
  it("run several times at once in one process, creates one CA and one web certificate and fails none", async () => {
    const identities = await Promise.all(Array.from({ length: 6 }, () => ensureFleetIdentity(dir)));
    const onDisk = await readFile(path.join(dir, "ca.crt"), "utf8");
    expect(new Set(identities.map((identity) => identity.ca.cert))).toEqual(new Set([onDisk]));
    expect(new Set(identities.map((identity) => identity.web.cert))).toEqual(new Set([await readFile(path.join(dir, "web.crt"), "utf8")]));
    expect((await ensureFleetIdentity(dir)).ca.cert).toBe(onDisk);
  });

  it("run in three processes at once, every call ends with the one CA on disk", async () => {
    const startAt = Date.now() + 4000;
    const fingerprints = (await Promise.all([otherProcess(dir, startAt), otherProcess(dir, startAt), otherProcess(dir, startAt)])).flat();
    expect(fingerprints).toHaveLength(9);
    expect(new Set(fingerprints)).toEqual(new Set([fingerprintOf(await readFile(path.join(dir, "ca.crt"), "utf8"))]));
  }, 30_000);
});
