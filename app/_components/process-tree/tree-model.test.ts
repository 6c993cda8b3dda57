import { describe, expect, it } from "vitest";
import type { ProcessInfo, ProcessSnapshot } from "@/server/agent/protocol";
import { ancestry, buildTree, containerKey, jailKey, processKey } from "./tree-model";
import {
  ALL_COLLAPSED,
  ALL_EXPANDED,
  NO_FILTER,
  countedProcessRows,
  defaultExpansion,
  flattenTree,
  toggleExpanded,
  type FlattenOptions,
} from "./tree-view";

function proc(pid: number, ppid: number, extra: Partial<ProcessInfo> = {}): ProcessInfo {
  const command = extra.command ?? `cmd${pid}`;
  return {
    pid,
    ppid,
    jail: null,
    pidInJail: null,
    uid: 0,
    user: "root",
    state: "S",
    cpuPercent: 0,
    rssBytes: 1024,
    startedAt: 1_000 + pid,
    command,
    args: `${command} --flag`,
    ...extra,
  };
}

/** A Linux-like host: init, sshd → sh, an LXC monitor anchoring jail web (init → nginx × 2). */
const linux: ProcessSnapshot = {
  takenAt: 0,
  jailAnchors: { web: 50 },
  processes: [
    proc(1, 0, { command: "init" }),
    proc(10, 1, { command: "sshd", cpuPercent: 0.5 }),
    proc(11, 10, { command: "sh", user: "admin" }),
    proc(50, 1, { command: "lxc-monitor" }),
    proc(51, 50, { jail: "web", pidInJail: 1, command: "init" }),
    proc(52, 51, { jail: "web", pidInJail: 7, command: "nginx", user: "www-data", cpuPercent: 3, rssBytes: 4096 }),
    proc(53, 51, { jail: "web", pidInJail: 8, command: "nginx", user: "www-data", cpuPercent: 9, rssBytes: 2048 }),
  ],
};

/** FreeBSD: jailed processes hang from host init and there is no anchor. */
const freebsd: ProcessSnapshot = {
  takenAt: 0,
  jailAnchors: {},
  processes: [proc(1, 0), proc(1201, 1, { jail: "www1" }), proc(1250, 1, { jail: "www1" }), proc(1251, 1250, { jail: "www1" })],
};

const defaults: FlattenOptions = { sort: { key: "pid", descending: false }, filter: NO_FILTER, expansion: ALL_EXPANDED };
const flat = (snapshot: ProcessSnapshot, options: Partial<FlattenOptions> = {}) =>
  flattenTree(buildTree(snapshot), { ...defaults, ...options }).map((row) => `${row.level}:${row.key}`);

describe("buildTree", () => {
  it("hangs a jail's subtree under its anchor through a jail row", () => {
    expect(flat(linux)).toEqual(["1:p:1", "2:p:10", "3:p:11", "2:p:50", "3:j:web", "4:p:51", "5:p:52", "5:p:53"]);
  });

  it("puts a jail row at the top when there is no anchor (FreeBSD)", () => {
    expect(flat(freebsd)).toEqual(["1:p:1", "1:j:www1", "2:p:1201", "2:p:1250", "3:p:1251"]);
  });

  it("puts the jail row at the top when the anchor is out of the caller's scope", () => {
    const scoped = { ...linux, processes: linux.processes.filter((p) => p.jail === "web") };
    expect(flat(scoped)[0]).toBe("1:j:web");
  });

  it("sums a jail's CPU, memory and process count on its row", () => {
    const node = buildTree(linux).byKey.get(jailKey("web"));
    expect(node).toMatchObject({ kind: "jail", cpuPercent: 12, rssBytes: 1024 + 4096 + 2048, processCount: 3 });
  });

  it("gives the chain of ancestors of a process", () => {
    expect(ancestry(buildTree(linux), processKey(52))).toEqual(["p:1", "p:50", "j:web", "p:51", "p:52"]);
  });

  it("survives a ppid cycle", () => {
    const cyclic: ProcessSnapshot = { takenAt: 0, jailAnchors: {}, processes: [proc(2, 3), proc(3, 2)] };
    expect(ancestry(buildTree(cyclic), processKey(2)).length).toBeLessThanOrEqual(3);
  });
});

describe("flattenTree", () => {
  it("sorts siblings by any column, either way", () => {
    const byCpu = flat(linux, { sort: { key: "cpu", descending: true } });
    expect(byCpu.indexOf("5:p:53")).toBeLessThan(byCpu.indexOf("5:p:52"));
    const byCommand = flat(linux, { sort: { key: "command", descending: false } });
    expect(byCommand.slice(1, 3)).toEqual(["2:p:50", "3:j:web"]);
  });

  it("sorts siblings by user name either way, not by pid", () => {
    const users: ProcessSnapshot = {
      takenAt: 0,
      jailAnchors: {},
      processes: [proc(1, 0), proc(20, 1, { user: "alice" }), proc(21, 1, { user: "carol" }), proc(22, 1, { user: "bob" })],
    };
    expect(flat(users, { sort: { key: "user", descending: false } })).toEqual(["1:p:1", "2:p:20", "2:p:22", "2:p:21"]);
    expect(flat(users, { sort: { key: "user", descending: true } })).toEqual(["1:p:1", "2:p:21", "2:p:22", "2:p:20"]);
  });

  it("sorts by pid in the jail, start time, state and memory", () => {
    const started = flat(linux, { sort: { key: "started", descending: true } });
    expect(started.indexOf("2:p:50")).toBeLessThan(started.indexOf("2:p:10"));
    const memory = flat(linux, { sort: { key: "memory", descending: true } });
    expect(memory.indexOf("5:p:52")).toBeLessThan(memory.indexOf("5:p:53"));
    const inJail = flat(linux, { sort: { key: "pidInJail", descending: true } });
    expect(inJail.indexOf("5:p:53")).toBeLessThan(inJail.indexOf("5:p:52"));
    expect(flat(linux, { sort: { key: "state", descending: false } })).toHaveLength(8);
  });

  it("filters by text and keeps the ancestors of matches", () => {
    expect(flat(linux, { filter: { ...NO_FILTER, text: "NGINX" } })).toEqual(["1:p:1", "2:p:50", "3:j:web", "4:p:51", "5:p:52", "5:p:53"]);
  });

  it("matches a jail's name and a pid", () => {
    expect(flat(linux, { filter: { ...NO_FILTER, text: "11" } })).toEqual(["1:p:1", "2:p:10", "3:p:11"]);
    expect(flat(freebsd, { filter: { ...NO_FILTER, text: "www1" } })).toEqual(["1:j:www1", "2:p:1201", "2:p:1250", "3:p:1251"]);
  });

  it("filters by jail, by host and by user", () => {
    expect(flat(freebsd, { filter: { ...NO_FILTER, jail: "www1" } })).toEqual(["1:j:www1", "2:p:1201", "2:p:1250", "3:p:1251"]);
    expect(flat(linux, { filter: { ...NO_FILTER, jail: "host" } })).toEqual(["1:p:1", "2:p:10", "3:p:11", "2:p:50"]);
    expect(flat(linux, { filter: { ...NO_FILTER, user: "admin" } })).toEqual(["1:p:1", "2:p:10", "3:p:11"]);
  });

  it("follows a pid: its ancestors and its whole subtree only", () => {
    expect(flat(linux, { filter: { ...NO_FILTER, followPid: 51 } })).toEqual(["1:p:1", "2:p:50", "3:j:web", "4:p:51", "5:p:52", "5:p:53"]);
    expect(flat(linux, { filter: { ...NO_FILTER, followPid: 10 } })).toEqual(["1:p:1", "2:p:10", "3:p:11"]);
  });

  it("collapses and expands all, and one node at a time", () => {
    expect(flat(linux, { expansion: ALL_COLLAPSED })).toEqual(["1:p:1"]);
    expect(flat(linux, { expansion: toggleExpanded(ALL_COLLAPSED, "p:1") })).toEqual(["1:p:1", "2:p:10", "2:p:50"]);
    expect(flat(linux, { expansion: toggleExpanded(ALL_EXPANDED, "j:web") })).toEqual(["1:p:1", "2:p:10", "3:p:11", "2:p:50", "3:j:web"]);
  });

  it("reports children and expansion on each row", () => {
    const rows = flattenTree(buildTree(linux), { ...defaults, expansion: toggleExpanded(ALL_EXPANDED, "p:10") });
    expect(rows.find((row) => row.key === "p:10")).toMatchObject({ hasChildren: true, expanded: false });
    expect(rows.find((row) => row.key === "p:52")).toMatchObject({ hasChildren: false });
  });
});

describe("what the tree counts and how it opens", () => {
  it("counts a jail's own processes, not the host rows shown as its context", () => {
    const rows = flattenTree(buildTree(linux), { ...defaults, filter: { ...NO_FILTER, jail: "web" } });
    expect(rows.map((row) => row.key)).toEqual(["p:1", "p:50", "j:web", "p:51", "p:52", "p:53"]);
    expect(rows.filter((row) => row.context).map((row) => row.key)).toEqual(["p:1", "p:50", "j:web"]);
    const inJail = linux.processes.filter((process) => process.jail === "web").length;
    expect(countedProcessRows(rows)).toBe(inJail);
  });

  it("opens jails first: each jail's subtree, then the host's processes folded", () => {
    const tree = buildTree(linux, "jails-first");
    const rows = flattenTree(tree, { ...defaults, expansion: defaultExpansion(tree, "jails-first"), layout: "jails-first" });
    expect(rows.map((row) => `${row.level}:${row.key}`)).toEqual(["1:j:web", "2:p:51", "3:p:52", "3:p:53", "1:p:1"]);
    expect(rows.at(-1)).toMatchObject({ hasChildren: true, expanded: false });
  });

  it("keeps the host tree by PID as the other layout", () => {
    const tree = buildTree(linux, "host-tree");
    expect(flattenTree(tree, { ...defaults, expansion: defaultExpansion(tree, "host-tree") })[0]?.key).toBe("p:1");
  });
});

/** The Linux host plus an LXC container made outside Stockade: monitor 60, init 61 (busybox), an attached shell 70. */
const withForeign: ProcessSnapshot = {
  ...linux,
  unmanagedContainers: { "legacy-1": { name: "legacy", lxcPath: "/var/lib/lxc", initPid: 61, anchor: 60 } },
  processes: [
    ...linux.processes,
    proc(60, 1, { command: "lxc-start", args: "[lxc monitor] /var/lib/lxc legacy" }),
    proc(61, 60, { command: "init", container: "legacy-1" }),
    proc(62, 61, { command: "syslogd", container: "legacy-1", cpuPercent: 2 }),
    proc(69, 10, { command: "lxc-attach" }),
    proc(70, 69, { command: "sh", container: "legacy-1" }),
  ],
};

describe("LXC containers Stockade does not manage", () => {
  it("groups a container's processes (an attached shell too, as a jail's) under its own row below its monitor, not as a jail", () => {
    const tree = buildTree(withForeign);
    expect(flat(withForeign)).toEqual([
      "1:p:1",
      "2:p:10",
      "3:p:11",
      "3:p:69",
      "2:p:50",
      "3:j:web",
      "4:p:51",
      "5:p:52",
      "5:p:53",
      "2:p:60",
      "3:c:legacy-1",
      "4:p:61",
      "5:p:62",
      "4:p:70",
    ]);
    expect(tree.byKey.get(containerKey("legacy-1"))).toMatchObject({
      kind: "container",
      name: "legacy",
      lxcPath: "/var/lib/lxc",
      processCount: 3,
      cpuPercent: 2,
    });
    expect(tree.byKey.get(jailKey("legacy"))).toBeUndefined();
    expect(tree.byKey.get(jailKey("legacy-1"))).toBeUndefined();
  });

  it("opens jails first, then unmanaged containers, then the host's processes", () => {
    const tree = buildTree(withForeign, "jails-first");
    const rows = flattenTree(tree, { ...defaults, expansion: defaultExpansion(tree, "jails-first"), layout: "jails-first" });
    expect(rows.filter((row) => row.level === 1).map((row) => row.key)).toEqual(["j:web", "c:legacy-1", "p:1"]);
    expect(rows.find((row) => row.key === "c:legacy-1")).toMatchObject({ expanded: true, hasChildren: true });
  });

  it("counts a container's processes as the host's under the jail filter, and finds them by the container's name", () => {
    expect(flat(withForeign, { filter: { ...NO_FILTER, jail: "web" } })).not.toContain("4:p:61");
    expect(flat(withForeign, { filter: { ...NO_FILTER, jail: "host" } })).toContain("4:p:61");
    expect(flat(withForeign, { filter: { ...NO_FILTER, text: "legacy-1" } })).toContain("5:p:62");
  });
});
