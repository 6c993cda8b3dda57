import { describe, expect, it } from "vitest";
import { assessPosture, HOST_SIDE_PARAMETERS, validateHostSideParameter, validateRequestedParameters } from "./posture";

const options = { allowHostSide: false, jailsRoot: "/usr/local/jails" };

describe("assessPosture", () => {
  it("flags the risky parameters of db1 and dev1, worst first", () => {
    const findings = assessPosture({
      "allow.sysvipc": true,
      sysvshm: "inherit",
      sysvmsg: "new",
      devfs_ruleset: "4",
      enforce_statfs: "1",
      "children.max": "5",
      securelevel: "0",
      "allow.set_hostname": true,
    });
    expect(findings.map((f) => [f.parameter, f.severity])).toEqual([
      ["allow.sysvipc", "high"],
      ["sysvshm", "high"],
      ["children.max", "medium"],
      ["enforce_statfs", "medium"],
      ["securelevel", "medium"],
      ["allow.set_hostname", "low"],
    ]);
    expect(findings.every((f) => f.reason.endsWith("."))).toBe(true);
  });

  it("is quiet for BastilleBSD's defaults", () => {
    expect(assessPosture({ devfs_ruleset: 4, enforce_statfs: 2, securelevel: 2, "allow.raw_sockets": false, ip4: "new" })).toEqual([]);
  });

  it("flags devfs ruleset 0, inherited addresses, mounts, vmm and host-side commands", () => {
    const severities = Object.fromEntries(
      assessPosture({
        devfs_ruleset: 0,
        ip4: "inherit",
        "allow.mount.nullfs": true,
        "allow.vmm": true,
        "exec.prestart": "x",
        path: "/",
      }).map((f) => [f.parameter, f.severity]),
    );
    expect(severities).toEqual({
      devfs_ruleset: "high",
      ip4: "high",
      "allow.mount.nullfs": "medium",
      "allow.vmm": "high",
      "exec.prestart": "high",
      path: "high",
    });
  });
});

describe("assessPosture for Linux jails", () => {
  it("is quiet about an unprivileged jail with raw sockets dropped", () => {
    expect(assessPosture({ privileged: false, nesting: false, seccomp: true, "allow.raw_sockets": false })).toEqual([]);
  });

  it("marks a privileged jail high and explains why, with nesting, kept capabilities, host mounts and shared namespaces", () => {
    const findings = assessPosture({
      privileged: true,
      nesting: true,
      "capabilities.kept": "sys_boot,sys_rawio",
      "mounts.host": "/srv/data -> /data (ro)",
      "namespaces.shared": "net",
      seccomp: false,
      "allow.raw_sockets": true,
    });
    expect(findings.map((f) => [f.parameter, f.severity])).toEqual([
      ["capabilities.kept", "high"],
      ["namespaces.shared", "high"],
      ["nesting", "high"],
      ["privileged", "high"],
      ["seccomp", "high"],
      ["allow.raw_sockets", "medium"],
      ["mounts.host", "medium"],
    ]);
    expect(findings.find((f) => f.parameter === "privileged")?.reason).toMatch(/root in the jail is root on the host/);
    expect(assessPosture({ "mounts.host": "/srv -> /srv (rw)" })[0]?.severity).toBe("high");
  });
});

describe("validateRequestedParameters", () => {
  it("accepts allow-listed parameters, coercing their values", () => {
    expect(validateRequestedParameters({ securelevel: "3", "allow.raw_sockets": "false", sysvshm: "new" }, options)).toEqual({
      ok: true,
      parameters: { securelevel: 3, "allow.raw_sockets": false, sysvshm: "new" },
    });
  });

  it("refuses unknown parameters, bad values and host-side parameters", () => {
    const result = validateRequestedParameters({ "allow.everything": true, securelevel: 9, "exec.prestart": "/bin/sh" }, options);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.parameter)).toEqual(["allow.everything", "securelevel", "exec.prestart"]);
  });

  it("refuses injection attempts in string values", () => {
    for (const value of ['a"; exec.prestart="sh', "x;y", "a\nb", "$HOME", "{x}"]) {
      expect(validateRequestedParameters({ "host.domainname": value }, options).ok).toBe(false);
    }
  });

  it("lets an admin set host-side parameters only with safe values", () => {
    expect(HOST_SIDE_PARAMETERS).toContain("exec.poststop");
    const admin = { allowHostSide: true, jailsRoot: "/usr/local/jails" };
    expect(validateRequestedParameters({ "exec.poststop": "/usr/local/bin/notify stopped" }, admin).ok).toBe(true);
    expect(validateHostSideParameter("exec.prestart", "/bin/sh -c 'rm -rf /'", "/usr/local/jails")).toMatch(/may contain only/);
    expect(validateHostSideParameter("exec.prestart", "a; reboot", "/usr/local/jails")).not.toBeNull();
    expect(validateHostSideParameter("path", "/", "/usr/local/jails")).toMatch(/under/);
    expect(validateHostSideParameter("path", "/usr/local/jails/../../etc", "/usr/local/jails")).toMatch(/under/);
    expect(validateHostSideParameter("interface", "em0", "/usr/local/jails")).toBeNull();
  });
});
