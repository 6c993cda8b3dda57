import { describe, expect, it } from "vitest";
import { AgentError } from "../../protocol";
import { jlsFailure, parseJlsParameters, parseJlsVerbose } from "./parse-jls";
import { fixture, recorded } from "./test-support";

describe("parseJlsParameters", () => {
  const jails = parseJlsParameters(recorded("jls.json"));
  const byName = Object.fromEntries(jails.map((j) => [j.name, j]));

  it("reads every jail with its jid, path and hostname", () => {
    expect(jails.map((j) => [j.jid, j.name, j.path, j.hostname])).toEqual([
      [1, "www1", "/usr/local/jails/www1", "www1.example.org"],
      [2, "db1", "/usr/local/jails/db1", "db1.example.org"],
      [3, "dev1", "/usr/local/jails/dev1", "dev1.example.org"],
    ]);
  });

  it("keeps non-booleans as strings and booleans as booleans", () => {
    expect(byName.www1?.params.securelevel).toBe("2");
    expect(byName.db1?.params["allow.sysvipc"]).toBe(true);
    expect(byName.www1?.params["allow.sysvipc"]).toBe(false);
    expect(byName.db1?.params.sysvshm).toBe("inherit");
    expect(byName.dev1?.params["children.max"]).toBe("5");
    expect(byName.dev1?.params.enforce_statfs).toBe("1");
  });

  it("takes addresses from ip4.addr/ip6.addr even though ip4 says disable", () => {
    expect(byName.www1?.params.ip4).toBe("disable");
    expect(byName.www1?.ipv4).toEqual(["192.0.2.11"]);
    expect(byName.dev1?.ipv6).toEqual(["2001:db8::21", "2001:db8::22"]);
    expect(byName.www1?.ipv6).toEqual([]);
  });

  it('clears the "=" garbage jls prints for empty string parameters', () => {
    expect(byName.www1?.params["host.domainname"]).toBe("");
    expect(byName.www1?.params.meta).toBe("");
  });

  it("keeps keys it does not know", () => {
    expect(byName.www1?.params["zfs.mount_snapshot"]).toBe("0");
    const [odd] = parseJlsParameters(fixture("jls-quirks.json"));
    expect(odd?.params["x.future.param"]).toBe("42");
    expect(odd?.params["mac.label"]).toBe("biba/low");
  });

  it("survives raw TAB characters inside strings (invalid JSON from libxo)", () => {
    expect(() => JSON.parse(fixture("jls-quirks.json"))).toThrow();
    const [odd] = parseJlsParameters(fixture("jls-quirks.json"));
    expect(odd?.hostname).toBe("odd\tname");
    expect(odd?.dying).toBe(true);
    expect(odd?.ipv4).toEqual(["198.51.100.7"]);
  });

  it('drops the "=" jls prints for an empty entry inside ip4.addr/ip6.addr, in a list or alone', () => {
    const [, blank, none] = parseJlsParameters(fixture("jls-quirks.json"));
    expect([blank?.name, blank?.ipv4, blank?.ipv6]).toEqual(["blank", ["198.51.100.8"], ["2001:db8::8"]]);
    expect([none?.name, none?.ipv4, none?.ipv6]).toEqual(["none", [], []]);
  });

  it("refuses output that is not JSON with engine_failed", () => {
    expect(() => parseJlsParameters("jls: sysctl failed")).toThrow(AgentError);
  });
});

describe("jlsFailure", () => {
  it('turns "unknown parameter" into invalid_input naming the parameter', () => {
    const error = jlsFailure({ exitCode: 1, stdout: "", stderr: fixture("jls-unknown-parameter.stderr") });
    expect(error.code).toBe("invalid_input");
    expect(error.message).toContain("allow.nosuchthing");
  });

  it("turns anything else into engine_failed with stderr", () => {
    const error = jlsFailure({ exitCode: 1, stdout: "", stderr: "jls: jail_get: Operation not permitted\n" });
    expect(error.code).toBe("engine_failed");
    expect(error.details?.stderr).toContain("Operation not permitted");
  });
});

describe("parseJlsVerbose", () => {
  it("reads the numeric -v shape", () => {
    const [www1, , dev1] = parseJlsVerbose(recorded("jls-v.json"));
    expect(www1).toEqual({
      jid: 1,
      name: "www1",
      hostname: "www1.example.org",
      path: "/usr/local/jails/www1",
      state: "ACTIVE",
      cpusetid: 3,
      ipv4: ["192.0.2.11"],
      ipv6: [],
    });
    expect(dev1?.ipv6).toEqual(["2001:db8::21", "2001:db8::22"]);
  });
});
