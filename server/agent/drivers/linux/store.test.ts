import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { hostnameSchema } from "../../protocol";
import { vethPairName } from "./lxc-config";
import { DefinitionStore, hostnameFor, type JailDefinition } from "./store";

let stateDir: string;
let store: DefinitionStore;
const log = { error: vi.fn() };

const valid = (name: string): JailDefinition => ({
  name,
  template: "busybox",
  hostname: `${name}.example`,
  ipv4: "10.213.0.5",
  vethPair: vethPairName("/var/lib/stockade/lxc", name),
  limits: { memoryBytes: null, maxProcesses: null, cpuPercent: null },
  parameters: {},
  autostart: false,
  tags: [],
  createdAt: 0,
  security: { privileged: false, idRangeStart: 0x4000_0000, rootfs: "lxc" },
  mounts: [],
});

/** Writes a definition file as something other than the store would (by hand, or a bug). */
const plant = (name: string, body: unknown) =>
  writeFileSync(path.join(stateDir, "jails", `${name}.json`), typeof body === "string" ? body : JSON.stringify(body));

beforeEach(async () => {
  stateDir = mkdtempSync(path.join(os.tmpdir(), "stk-store-"));
  store = new DefinitionStore(stateDir, log);
  await store.init();
  log.error.mockClear();
});
afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

describe("DefinitionStore", () => {
  it("round-trips a valid definition", async () => {
    await store.put(valid("web1"));
    expect(await store.get("web1")).toEqual(valid("web1"));
    expect(await store.list()).toEqual([valid("web1")]);
  });

  const refused: Array<[string, Partial<JailDefinition>]> = [
    ["a hostname with a newline (an extra LXC config line)", { hostname: "web1\nlxc.mount.entry = / host none bind" }],
    ["a template outside the template names", { template: "../../etc" }],
    ["a veth name the driver would not generate", { vethPair: "eth0\nlxc.x" }],
    ["a definition naming another jail", { name: "other" }],
  ];
  it.each(refused)("refuses %s: get fails with internal, list skips it and logs", async (_what, change) => {
    await store.put(valid("good"));
    plant("web1", { ...valid("web1"), ...change });
    await expect(store.get("web1")).rejects.toMatchObject({ code: "internal", message: expect.stringContaining("web1.json") });
    expect((await store.list()).map((d) => d.name)).toEqual(["good"]);
    expect(log.error).toHaveBeenCalledWith(expect.objectContaining({ jail: "web1" }), "invalid jail definition ignored");
  });

  it("reads a definition from before unprivileged jails as the privileged jail it was", async () => {
    const { security: _new, ...old } = valid("old1");
    plant("old1", old);
    expect((await store.get("old1"))?.security).toEqual({ privileged: true, idRangeStart: null, rootfs: "lxc" });
  });

  it("skips a file that is not JSON, and files whose names are not jail names", async () => {
    plant("web1", "{ not json");
    writeFileSync(path.join(stateDir, "jails", "a.b.json"), JSON.stringify(valid("a")));
    expect(await store.list()).toEqual([]);
    await expect(store.get("web1")).rejects.toMatchObject({ code: "internal" });
  });

  it("never writes an invalid definition", async () => {
    await expect(store.put({ ...valid("web1"), hostname: "a\nb" })).rejects.toThrow();
    expect(await store.get("web1")).toBeNull();
  });
});

describe("hostnameFor", () => {
  it("turns every jail name into a valid host name", () => {
    for (const name of ["web1", "my_jail", "a_", "x-_-", "A9", "127", "1-"])
      expect(hostnameSchema.safeParse(hostnameFor(name)).success, name).toBe(true);
    expect(hostnameFor("my_jail")).toBe("my-jail");
    expect(hostnameFor("127")).toBe("jail-127");
  });
});
