import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { JailSecurity } from "../store";
import { bindArgv, checkHostMounts, restrictArgv } from "./host-mounts";

let root: string;
const unprivileged: JailSecurity = { privileged: false, idRangeStart: 0x4000_0000, rootfs: "lxc" };
const check = (hostPath: string, protectedPaths: string[] = [], template = "busybox", security = unprivileged) =>
  checkHostMounts({ mounts: [{ hostPath, jailPath: "/srv/share", readOnly: true }], template, security }, protectedPaths);

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "stk-mounts-"));
  mkdirSync(path.join(root, "share"));
  mkdirSync(path.join(root, "agent", "state"), { recursive: true });
  writeFileSync(path.join(root, "file"), "x");
  symlinkSync(path.join(root, "share"), path.join(root, "link"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("host mounts on this host", () => {
  it("accepts an existing directory that is its own real path", async () => {
    await expect(check(path.join(root, "share"))).resolves.toBeUndefined();
  });

  it("refuses a missing path, a file and a path through a link", async () => {
    await expect(check(path.join(root, "missing"))).rejects.toThrow(/not an existing directory/);
    await expect(check(path.join(root, "file"))).rejects.toThrow(/not an existing directory/);
    await expect(check(path.join(root, "link"))).rejects.toThrow(/symbolic link/);
  });

  it("refuses the agent's own directories, what is below them and what holds them", async () => {
    const state = path.join(root, "agent", "state");
    await expect(check(state, [state])).rejects.toThrow(/Stockade's own/);
    await expect(check(path.join(root, "agent"), [state])).rejects.toThrow(/Stockade's own/);
    mkdirSync(path.join(state, "jails"));
    await expect(check(path.join(state, "jails"), [state])).rejects.toThrow(/Stockade's own/);
    await expect(check(path.join(root, "share"), [state])).resolves.toBeUndefined();
  });

  it("refuses host mounts for a privileged Debian jail (LXC mounts its root, the agent cannot)", async () => {
    const privileged = { privileged: true, idRangeStart: null, rootfs: "lxc" as const };
    await expect(check(path.join(root, "share"), [], "debian", privileged)).rejects.toThrow(/privileged Debian/);
  });

  it("mounts read-only, nosuid and nodev unless asked for read-write", () => {
    const mount = { hostPath: "/srv/www", jailPath: "/var/www", readOnly: true };
    expect(bindArgv(mount, "/t")).toEqual(["mount", "--bind", "/srv/www", "/t"]);
    expect(restrictArgv(mount, "/t")).toEqual(["mount", "-o", "remount,bind,ro,nosuid,nodev", "/t"]);
    expect(restrictArgv({ ...mount, readOnly: false }, "/t")).toEqual(["mount", "-o", "remount,bind,rw,nosuid,nodev", "/t"]);
  });
});
