import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { formatStatement, quoteConfString, renderJailConf, type JailConfSpec } from "./jail-conf";
import { parseJailConf } from "./jail-conf-parse";

const spec: JailConfSpec = {
  name: "www1",
  path: "/usr/local/jails/www1",
  hostname: "www1.example.org",
  interface: "em0",
  ipv4: ["192.0.2.11"],
  ipv6: [],
  parameters: {},
  mounts: [],
  consoleLog: "/var/log/jail_console_www1.log",
  meta: { template: "base", autostart: false, tags: ["web"], limits: { memoryBytes: 2147483648 }, interface: "em0" },
};

describe("renderJailConf", () => {
  it("writes the jail.conf(5) block with BastilleBSD's defaults, sealed with the hash of its other lines", () => {
    const body = [
      "# Written by Stockade; changes made by hand are overwritten on the next change.",
      "www1 {",
      '    path = "/usr/local/jails/www1";',
      '    host.hostname = "www1.example.org";',
      '    exec.start = "/bin/sh /etc/rc";',
      '    exec.stop = "/bin/sh /etc/rc.shutdown jail";',
      "    exec.clean;",
      '    exec.consolelog = "/var/log/jail_console_www1.log";',
      "    mount.devfs;",
      "    devfs_ruleset = 4;",
      "    enforce_statfs = 2;",
      "    securelevel = 2;",
      '    ip4.addr = "em0|192.0.2.11/32";',
      "}",
      "",
    ];
    const sha256 = createHash("sha256").update(body.join("\n")).digest("hex");
    const meta = `{"template":"base","autostart":false,"tags":["web"],"limits":{"memoryBytes":2147483648},"interface":"em0","sha256":"${sha256}"}`;
    expect(renderJailConf(spec)).toBe([body[0], `# stockade: ${meta}`, ...body.slice(1)].join("\n"));
  });

  it('writes booleans bare or as "false", and lists comma-separated', () => {
    expect(formatStatement("allow.sysvipc", true)).toBe("allow.sysvipc;");
    expect(formatStatement("allow.mount", false)).toBe('allow.mount = "false";');
    expect(formatStatement("ip6.addr", ["em0|2001:db8::21/128", "em0|2001:db8::22/128"])).toBe(
      'ip6.addr = "em0|2001:db8::21/128", "em0|2001:db8::22/128";',
    );
    expect(formatStatement("ip4.addr", [])).toBeNull();
  });

  it("round-trips through the parser, including the metadata comment", () => {
    const parsed = parseJailConf(renderJailConf({ ...spec, parameters: { "allow.raw_sockets": false, "children.max": 3 } }));
    expect(parsed.name).toBe("www1");
    expect(parsed.parameters).toMatchObject({
      path: "/usr/local/jails/www1",
      "exec.clean": true,
      "allow.raw_sockets": false,
      "children.max": "3",
      "ip4.addr": ["em0|192.0.2.11/32"],
    });
    expect(parsed.meta?.limits.memoryBytes).toBe(2147483648);
  });
});

describe("injection through values is escaped", () => {
  const hostile = 'x"; exec.prestart = "rm -rf /"; }\nevil { path = "/';

  it("escapes quotes, backslashes, $ and newlines so the value stays one string", () => {
    expect(quoteConfString('a"b\\c$HOME\nd\te')).toBe('"a\\"b\\\\c\\$HOME\\nd\\te"');
    const conf = renderJailConf({ ...spec, hostname: hostile });
    const parsed = parseJailConf(conf);
    expect(parsed.parameters["host.hostname"]).toBe(hostile);
    expect(parsed.parameters["exec.prestart"]).toBeUndefined();
    expect(conf.split("\n").filter((l) => l.includes("host.hostname"))).toHaveLength(1);
  });

  it("keeps ${var} from expanding and ; { } inert inside quotes", () => {
    expect(quoteConfString("${path}; {}")).toBe('"\\${path}; {}"');
  });

  it("refuses control characters, bad parameter names, jail and interface names", () => {
    expect(() => quoteConfString("a\u0000b")).toThrow(/control characters/);
    expect(() => formatStatement("exec.start; exec.prestart", "x")).toThrow(/not a jail parameter name/);
    expect(() => renderJailConf({ ...spec, name: "www1 { path" })).toThrow(/not a valid jail name/);
    expect(() => renderJailConf({ ...spec, interface: "em0|x" })).toThrow(/not an interface name/);
  });
});

describe("parseJailConf", () => {
  it("reads hand-written files: comments, += lists, no-prefixed booleans, single quotes", () => {
    const parsed = parseJailConf(
      "// adopted\nold1 {\n  path = '/usr/local/jails/old1';\n  allow.nomount;\n  ip4.addr = 192.0.2.20;\n  ip4.addr += \"192.0.2.21\";\n  /* c */ securelevel = 3;\n}\n",
    );
    expect(parsed).toEqual({
      name: "old1",
      parameters: { path: "/usr/local/jails/old1", "allow.mount": false, "ip4.addr": ["192.0.2.20", "192.0.2.21"], securelevel: "3" },
      sources: {
        path: [{ file: "jail.conf", line: 3 }],
        "allow.mount": [{ file: "jail.conf", line: 4 }],
        "ip4.addr": [
          { file: "jail.conf", line: 5 },
          { file: "jail.conf", line: 6 },
        ],
        securelevel: [{ file: "jail.conf", line: 7 }],
      },
      meta: null,
    });
  });
});
