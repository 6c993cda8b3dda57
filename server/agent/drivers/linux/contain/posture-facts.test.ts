import { describe, expect, it } from "vitest";
import { parsePool } from "../../shared/ip-pool";
import { managedBlock, vethPairName } from "../lxc-config";
import type { JailDefinition } from "../store";
import { containmentFacts } from "./posture-facts";

const def: JailDefinition = {
  name: "web1",
  template: "busybox",
  hostname: "web1",
  ipv4: "10.213.0.5",
  vethPair: vethPairName("/var/lib/stockade/lxc", "web1"),
  limits: {},
  parameters: {},
  autostart: false,
  tags: [],
  createdAt: 0,
  security: { privileged: false, idRangeStart: 0x4000_0000, rootfs: "lxc" },
  mounts: [],
};
const ctx = { bridge: "stockade0", pool: parsePool("10.213.0.0/24"), cgroupVersion: 1 as const, appArmor: false };

describe("containment facts from an LXC config", () => {
  it("finds nothing to flag in what Stockade writes for an unprivileged jail but CAP_NET_RAW", () => {
    expect(containmentFacts(managedBlock(def, ctx).join("\n"))).toEqual({
      privileged: false,
      nesting: false,
      "capabilities.kept": "",
      "allow.raw_sockets": true,
      "mounts.host": "",
      "namespaces.shared": "",
      seccomp: true,
    });
  });

  it("sees a privileged jail with raw sockets dropped", () => {
    const text = managedBlock(
      { ...def, parameters: { "allow.raw_sockets": false }, security: { ...def.security, privileged: true, idRangeStart: null } },
      ctx,
    );
    expect(containmentFacts(text.join("\n"))).toMatchObject({ privileged: true, "allow.raw_sockets": false, seccomp: true });
  });

  it("reads what the old lxc-busybox config grants: host library binds, no seccomp, sys_boot and sys_rawio kept", () => {
    const busybox = [
      "lxc.cap.drop = sys_module mac_admin mac_override sys_time",
      "lxc.mount.auto = cgroup:mixed proc:mixed sys:ro",
      "lxc.mount.entry = /lib lib none ro,bind 0 0",
      "lxc.mount.entry = shm dev/shm tmpfs defaults,create=dir 0 0",
      "lxc.mount.entry = /srv srv none bind 0 0",
    ].join("\n");
    expect(containmentFacts(busybox)).toEqual({
      privileged: true,
      nesting: false,
      "capabilities.kept": "sys_rawio,sys_boot",
      "allow.raw_sockets": true,
      "mounts.host": "/lib -> /lib (ro), /srv -> /srv (rw)",
      "namespaces.shared": "",
      seccomp: false,
    });
  });

  it("sees nesting, kept capabilities and shared namespaces, and an empty value clearing earlier ones", () => {
    const text = [
      "lxc.include = /usr/share/lxc/config/common.conf",
      "lxc.include = /usr/share/lxc/config/nesting.conf",
      "lxc.cap.keep = sys_admin sys_module net_raw",
      "lxc.namespace.share.net = 1",
      "lxc.namespace.keep = ipc",
      "lxc.idmap = u 0 100000 65536",
      "lxc.idmap =",
    ].join("\n");
    expect(containmentFacts(text)).toMatchObject({
      privileged: true,
      nesting: true,
      "capabilities.kept": "sys_module",
      "allow.raw_sockets": true,
      "namespaces.shared": "net,ipc",
      seccomp: true,
    });
  });
});
