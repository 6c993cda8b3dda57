import { describe, expect, it } from "vitest";
import { isSecurityKey, securityLines } from "./security-config";

describe("security lines", () => {
  it("loads LXC's seccomp policy, drops capabilities (sys_boot too), allows only pseudo-devices and maps ids (cgroup v1)", () => {
    const lines = securityLines({ cgroupVersion: 1, idRangeStart: 0x4000_0000, dropRawSockets: false });
    expect(lines).toContain("lxc.seccomp.profile = /usr/share/lxc/config/common.seccomp");
    expect(lines).toContain("lxc.cap.drop = mac_admin mac_override sys_module sys_rawio sys_time sys_boot");
    expect(lines).toContain("lxc.mount.auto = proc:mixed sys:mixed cgroup:mixed");
    expect(lines).toContain("lxc.cgroup.devices.deny = a");
    expect(lines.filter((l) => l.startsWith("lxc.cgroup.devices.allow"))).toEqual(
      ["c 1:3", "c 1:5", "c 1:7", "c 1:8", "c 1:9", "c 5:0", "c 5:1", "c 5:2", "c 136:*"].map((d) => `lxc.cgroup.devices.allow = ${d} rwm`),
    );
    expect(lines.some((l) => / b |\*:\*/.test(l))).toBe(false);
    expect(lines).toEqual(expect.arrayContaining(["lxc.idmap = u 0 1073741824 65536", "lxc.idmap = g 0 1073741824 65536"]));
  });

  it("writes cgroup2 device keys on v2, net_raw when raw sockets are off, and no map for a privileged jail", () => {
    const lines = securityLines({ cgroupVersion: 2, idRangeStart: null, dropRawSockets: true });
    expect(lines).toContain("lxc.cgroup2.devices.deny = a");
    expect(lines.some((l) => l.startsWith("lxc.cgroup.devices"))).toBe(false);
    expect(lines.find((l) => l.startsWith("lxc.cap.drop"))).toBe(
      "lxc.cap.drop = mac_admin mac_override sys_module sys_rawio sys_time sys_boot net_raw",
    );
    expect(lines.some((l) => l.startsWith("lxc.idmap"))).toBe(false);
  });

  it("replaces the template's includes, hooks, capabilities and host bind mounts but keeps its own mounts", () => {
    expect(isSecurityKey("lxc.include = /usr/share/lxc/config/common.conf")).toBe(true);
    expect(isSecurityKey("lxc.hook.clone = /usr/share/lxc/hooks/clonehostname")).toBe(true);
    expect(isSecurityKey("lxc.cap.drop = sys_module mac_admin mac_override sys_time")).toBe(true);
    expect(isSecurityKey("lxc.mount.entry = /lib lib none ro,bind 0 0")).toBe(true);
    expect(isSecurityKey("lxc.mount.entry = shm dev/shm tmpfs defaults,create=dir 0 0")).toBe(false);
    expect(isSecurityKey("lxc.rootfs.path = dir:/x/rootfs")).toBe(false);
  });
});
