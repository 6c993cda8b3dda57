import { describe, expect, it } from "vitest";
import { parseMonitorArgs, payloadCgroupName } from "./containers";

describe("payloadCgroupName", () => {
  it("reads the container's name from cgroup v1 lines (this host's hierarchy prefixes included)", () => {
    const text =
      "9:name=systemd:/lxc.payload.web\n4:memory:/process_api/ab0a/lxc.payload.web\n1:cpu:/lxc.payload.web\n0::/lxc.payload.web\n";
    expect(payloadCgroupName(text)).toBe("web");
  });

  it("reads cgroup v2's one line, a systemd guest's init.scope below it, and LXC's suffix for a second container of a name", () => {
    expect(payloadCgroupName("0::/lxc.payload.db/init.scope\n")).toBe("db");
    expect(payloadCgroupName("0::/lxc.payload.web-1\n")).toBe("web-1");
  });

  it("names the outer container of a nested one", () => {
    expect(payloadCgroupName("0::/lxc.payload.outer/lxc.payload.inner\n")).toBe("outer");
  });

  it("reads LXC before version 4, whose containers sit in `lxc/NAME` (cgroup v1 and v2), the outer one of a nested pair", () => {
    expect(payloadCgroupName("11:memory:/lxc/web\n4:pids:/lxc/web\n1:name=systemd:/lxc/web\n0::/lxc/web\n")).toBe("web");
    expect(payloadCgroupName("0::/lxc/db/init.scope\n")).toBe("db");
    expect(payloadCgroupName("0::/lxc/outer/lxc/inner\n")).toBe("outer");
  });

  it("is null outside any LXC payload: the monitor, a host service, a docker container", () => {
    expect(payloadCgroupName("0::/lxc.monitor.web\n")).toBeNull();
    expect(payloadCgroupName("0::/system.slice/ssh.service\n")).toBeNull();
    expect(payloadCgroupName("12:pids:/docker/0123abcd\n0::/\n")).toBeNull();
    expect(payloadCgroupName("0::/system.slice/lxc.service\n0::/user.slice/lxc/x\n")).toBeNull();
  });
});

describe("parseMonitorArgs", () => {
  it("reads the LXC path (spaces and all) and the name", () => {
    expect(parseMonitorArgs("[lxc monitor] /var/lib/lxc web")).toEqual({ lxcPath: "/var/lib/lxc", name: "web" });
    expect(parseMonitorArgs("[lxc monitor] /srv/my lxc web-2")).toEqual({ lxcPath: "/srv/my lxc", name: "web-2" });
  });

  it("is null for anything else", () => {
    expect(parseMonitorArgs("lxc-start -F -n web -P /var/lib/lxc")).toBeNull();
    expect(parseMonitorArgs("[lxc monitor]")).toBeNull();
  });
});
