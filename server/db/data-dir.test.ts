import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { secureDataDir } from "./data-dir";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stockade-datadir-"));
const previousUmask = process.umask();
afterAll(() => {
  process.umask(previousUmask);
  fs.rmSync(dir, { recursive: true, force: true });
});

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

describe("secureDataDir", () => {
  it("makes the folder 0700 and the database files 0600, also files made afterwards", () => {
    const data = path.join(dir, "data");
    fs.mkdirSync(data, { mode: 0o755 });
    fs.writeFileSync(path.join(data, "stockade.db"), "", { mode: 0o644 });
    fs.writeFileSync(path.join(data, "stockade.db-wal"), "", { mode: 0o644 });
    fs.chmodSync(data, 0o755);
    secureDataDir(data, path.join(data, "stockade.db"));
    expect(modeOf(data)).toBe(0o700);
    expect(modeOf(path.join(data, "stockade.db"))).toBe(0o600);
    expect(modeOf(path.join(data, "stockade.db-wal"))).toBe(0o600);
    fs.writeFileSync(path.join(data, "stockade.db-shm"), "");
    expect(modeOf(path.join(data, "stockade.db-shm"))).toBe(0o600);
  });
});
