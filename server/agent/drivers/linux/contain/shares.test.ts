import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkShare, ensureShare } from "./shares";

let root: string;
let shareDir: string;
const mount = (share = "example") => ({ share, jailPath: "/srv/share", readOnly: true });
const mode = (p: string) => (lstatSync(p).mode & 0o7777).toString(8);
const asRoot = process.getuid?.() === 0;

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "stk-shares-"));
  shareDir = path.join(root, "shares");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("the agent's shares", () => {
  it("resolves a share to SHARE_DIR/NAME, read-only, before it exists", async () => {
    await expect(checkShare(shareDir, mount(), [])).resolves.toEqual({
      hostPath: path.join(shareDir, "example"),
      jailPath: "/srv/share",
      readOnly: true,
    });
  });

  it("refuses a share that would hold the agent's own directories", async () => {
    const state = path.join(shareDir, "example", "state");
    await expect(checkShare(shareDir, mount(), [state])).rejects.toThrow(/holds .*state, which is Stockade's own/);
    // Being inside one (./data/shares in the web's ./data) is allowed: the ownership check guards it.
    await expect(checkShare(shareDir, mount(), [root])).resolves.toMatchObject({ readOnly: true });
  });

  it.skipIf(!asRoot)("refuses a share below a directory another user could change, or through a link", async () => {
    mkdirSync(shareDir);
    chownSync(shareDir, 1000, 1000);
    await expect(checkShare(shareDir, mount(), [])).rejects.toThrow(/can be changed by another user than root \(owner 1000/);
    chownSync(shareDir, 0, 0);
    chmodSync(shareDir, 0o777);
    await expect(checkShare(shareDir, mount(), [])).rejects.toThrow(/mode 777/);
    chmodSync(shareDir, 0o1777); // sticky, as /tmp: others cannot rename what root made
    await expect(checkShare(shareDir, mount(), [])).resolves.toBeTruthy();
    mkdirSync(path.join(root, "elsewhere"));
    symlinkSync(path.join(root, "elsewhere"), path.join(shareDir, "linked"));
    await expect(checkShare(shareDir, mount("linked"), [])).rejects.toThrow(/is not a directory \(a link or a file\)/);
    await expect(ensureShare(path.join(shareDir, "linked"))).rejects.toThrow(/a link or a file/);
  });

  it("makes a missing share 0755 with a README.txt and an index.html the jail can read, whatever the umask", async () => {
    const dir = path.join(shareDir, "example");
    const umask = process.umask(0o077);
    try {
      await ensureShare(dir);
    } finally {
      process.umask(umask);
    }
    expect(mode(dir)).toBe("755");
    expect(readdirSync(dir).sort()).toEqual(["README.txt", "index.html"]);
    expect(mode(path.join(dir, "README.txt"))).toBe("644");
    expect(readFileSync(path.join(dir, "README.txt"), "utf8")).toContain(`the host directory ${dir}`);
    expect(readFileSync(path.join(dir, "index.html"), "utf8")).toContain('href="README.txt"');
  });

  it("leaves a share that already holds files as it is", async () => {
    const dir = path.join(shareDir, "example");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "mine.txt"), "kept");
    await ensureShare(dir);
    expect(readdirSync(dir)).toEqual(["mine.txt"]);
  });
});
