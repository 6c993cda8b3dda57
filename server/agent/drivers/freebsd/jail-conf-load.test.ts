import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadJailConf, type ConfReader } from "./jail-conf-load";
import { effectiveParameters } from "./jail-conf-parse";
import { duplicateDefinitions, resolveJails } from "./jail-conf-resolve";

const FIXTURES = path.join(import.meta.dirname, "fixtures", "jail-conf");

/** Host paths served from a map of file → text, as the runner's readFile/listDir would. */
function memoryReader(files: Record<string, string>): ConfReader {
  return {
    readFile: async (file) => files[file] ?? null,
    listDir: async (dir) =>
      Object.keys(files)
        .filter((file) => path.posix.dirname(file) === dir)
        .map((file) => path.posix.basename(file)),
  };
}

function handbookHost(): Record<string, string> {
  const dir = path.join(FIXTURES, "handbook");
  const files: Record<string, string> = { "/etc/jail.conf": readFileSync(path.join(dir, "jail.conf"), "utf8") };
  for (const name of readdirSync(path.join(dir, "jail.conf.d"))) {
    files[`/etc/jail.conf.d/${name}`] = readFileSync(path.join(dir, "jail.conf.d", name), "utf8");
  }
  return files;
}

async function effective(files: Record<string, string>, root = "/etc/jail.conf") {
  const loaded = await loadJailConf(memoryReader(files), root);
  const jails = resolveJails(loaded.blocks);
  return { loaded, jails, byName: Object.fromEntries(jails.map((jail) => [jail.name, effectiveParameters(jail)])) };
}

describe("jail.conf(5)'s own example", () => {
  it("merges the defaults outside any block into each jail, substituting $name per jail", async () => {
    const { byName, loaded } = await effective({ "/etc/jail.conf": readFileSync(path.join(FIXTURES, "manual-example.conf"), "utf8") });
    expect(loaded.problems).toEqual([]);
    expect(byName["foo"]?.parameters).toEqual({
      "exec.start": "/bin/sh /etc/rc",
      "exec.stop": "/bin/sh /etc/rc.shutdown",
      "exec.clean": true,
      "mount.devfs": true,
      path: "/var/jail/foo",
      "host.hostname": "foo.com",
      "ip4.addr": ["10.1.1.1", "10.1.1.2", "10.1.1.3"],
    });
    expect(byName["bar"]?.parameters).toEqual({
      "exec.start": "",
      "exec.stop": "",
      "exec.clean": true,
      "mount.devfs": false,
      path: "/",
      persist: true,
    });
  });

  it("says which file and line each value came from", async () => {
    const { byName } = await effective({ "/etc/jail.conf": readFileSync(path.join(FIXTURES, "manual-example.conf"), "utf8") });
    expect(byName["foo"]?.sources["path"]).toEqual([{ file: "/etc/jail.conf", line: 10 }]);
    expect(byName["bar"]?.sources["path"]).toEqual([{ file: "/etc/jail.conf", line: 22 }]);
    expect(byName["bar"]?.sources["mount.devfs"]).toEqual([{ file: "/etc/jail.conf", line: 23 }]);
  });
});

describe("the FreeBSD Handbook's jail chapter", () => {
  it("includes /etc/jail.conf.d/*.conf in sorted order after the global defaults", async () => {
    const { jails, loaded } = await effective(handbookHost());
    expect(loaded.problems).toEqual([]);
    expect(loaded.files.map((f) => f.file)).toEqual([
      "/etc/jail.conf",
      "/etc/jail.conf.d/classic.conf",
      "/etc/jail.conf.d/thinjail.conf",
      "/etc/jail.conf.d/vnet.conf",
    ]);
    expect(jails.map((j) => j.name)).toEqual(["classic", "thinjail", "vnet"]);
  });

  it("substitutes variables defined in the block, and += appends to the global value", async () => {
    const { byName } = await effective(handbookHost());
    const vnet = byName["vnet"]!;
    expect(vnet.parameters["vnet.interface"]).toBe("epair154b");
    expect(vnet.parameters["exec.prestart"]).toEqual([
      "/sbin/ifconfig epair154 create up",
      "/sbin/ifconfig epair154a up descr jail:vnet",
      "/sbin/ifconfig bridge0 addm epair154a up",
    ]);
    expect(vnet.parameters["exec.start"]).toEqual([
      "/bin/sh /etc/rc",
      "/sbin/ifconfig epair154b 192.168.1.154/24 up",
      "/sbin/route add default 192.168.1.1",
    ]);
    expect(vnet.sources["exec.start"]?.map((s) => `${s.file}:${s.line}`)).toEqual([
      "/etc/jail.conf:2",
      "/etc/jail.conf.d/vnet.conf:30",
      "/etc/jail.conf.d/vnet.conf:31",
    ]);
    expect(Object.keys(vnet.parameters)).not.toContain("id");
    expect(vnet.parameters["exec.consolelog"]).toBe("/var/log/jail_console_vnet.log");
    expect(vnet.parameters["ip4"]).toBe("inherit");
  });

  it("lets a jail's own block override the defaults it repeats", async () => {
    const { byName } = await effective(handbookHost());
    expect(byName["classic"]?.parameters["ip4.addr"]).toEqual(["192.168.1.151"]);
    expect(byName["classic"]?.sources["path"]).toEqual([{ file: "/etc/jail.conf.d/classic.conf", line: 14 }]);
    expect(byName["thinjail"]?.parameters["mount.fstab"]).toBe("/usr/local/jails/thinjail.fstab");
  });
});

describe("wildcards and ordering", () => {
  it("applies a * block before a jail as defaults and after it as overrides", async () => {
    const text = `* { securelevel = 1; } a { securelevel = 2; } b { } * { enforce_statfs = 2; } c { enforce_statfs = 1; }`;
    const { byName } = await effective({ "/etc/jail.conf": text });
    expect(byName["a"]?.parameters).toEqual({ securelevel: "2", enforce_statfs: "2" });
    expect(byName["b"]?.parameters).toEqual({ securelevel: "1", enforce_statfs: "2" });
    expect(byName["c"]?.parameters).toEqual({ securelevel: "1", enforce_statfs: "1" });
  });

  it("matches hierarchical wildcards like foo.*", async () => {
    const text = `foo.* { children.max = 0; } foo { } foo.bar { } foo.bar.baz { } other { }`;
    const { byName } = await effective({ "/etc/jail.conf": text });
    expect(byName["foo"]?.parameters).toEqual({});
    expect(byName["foo.bar"]?.parameters).toEqual({ "children.max": "0" });
    expect(byName["foo.bar.baz"]?.parameters).toEqual({ "children.max": "0" });
    expect(byName["other"]?.parameters).toEqual({});
  });

  it("treats allow.X and allow.noX as one parameter, the later winning", async () => {
    const text = `allow.nomount; a { allow.mount; } b { allow.mount = "false"; allow.nomount = false; } c { }`;
    const { byName } = await effective({ "/etc/jail.conf": text });
    expect(byName["a"]?.parameters).toEqual({ "allow.mount": true });
    expect(byName["b"]?.parameters).toEqual({ "allow.mount": true });
    expect(byName["c"]?.parameters).toEqual({ "allow.mount": false });
  });

  it("treats a bare noX outside allow. (nopersist, mount.nodevfs) as X false, one parameter with X", async () => {
    const text = `nopersist; a { persist; } b { } c { nopersist = false; } d { mount.nodevfs; } e { mount.devfs; mount.nodevfs; }`;
    const { byName } = await effective({ "/etc/jail.conf": text });
    expect(byName["a"]?.parameters).toEqual({ persist: true });
    expect(byName["b"]?.parameters).toEqual({ persist: false });
    expect(byName["c"]?.parameters).toEqual({ persist: true });
    expect(byName["d"]?.parameters).toEqual({ persist: false, "mount.devfs": false });
    expect(byName["e"]?.parameters).toEqual({ persist: false, "mount.devfs": false });
  });

  it("appends with += whether or not the parameter had a value", async () => {
    const text = `a { ip4.addr += 10.0.0.1; ip4.addr += 10.0.0.2; } b { exec.start = x; exec.start; exec.start += y; }`;
    const { byName } = await effective({ "/etc/jail.conf": text });
    expect(byName["a"]?.parameters["ip4.addr"]).toEqual(["10.0.0.1", "10.0.0.2"]);
    expect(byName["b"]?.parameters["exec.start"]).toBe("y");
  });
});

describe("strings and comments", () => {
  it("reads escapes, joins adjacent pieces and expands variables only outside single quotes", async () => {
    const text = [
      "$dir = /var/jail;",
      'a { path = "$dir/"$name; host.hostname = \'$name\'; exec.start = "echo \\"hi\\"\\t\\101\\x42 \\',
      'line"; osrelease = ${dir}; }',
    ].join("\n");
    const { byName, loaded } = await effective({ "/etc/jail.conf": text });
    expect(loaded.problems).toEqual([]);
    expect(byName["a"]?.parameters).toEqual({
      path: "/var/jail/a",
      "host.hostname": "$name",
      "exec.start": 'echo "hi"\tAB line',
      osrelease: "/var/jail",
    });
  });

  it("skips all three comment styles, including between a name and its value", async () => {
    const text = "# shell\n// c++\n/* c\n * multi-line */ a /* x */ { persist /* y */ ; # z\n securelevel // w\n = 3; }";
    const { byName, loaded } = await effective({ "/etc/jail.conf": text });
    expect(loaded.problems).toEqual([]);
    expect(byName["a"]?.parameters).toEqual({ persist: true, securelevel: "3" });
  });
});

describe("what jail(8) refuses", () => {
  it("reports an unterminated string with its line; the jails before it still load", async () => {
    const { jails, loaded } = await effective({ "/etc/jail.conf": 'ok { persist; }\nbad {\n path = "/x;\n}\n' });
    expect(loaded.problems).toContainEqual({ file: "/etc/jail.conf", line: 3, message: "unterminated string" });
    expect(jails.map((j) => j.name)).toContain("ok");
  });

  it("fails only the jail whose variable is unknown", async () => {
    const { jails } = await effective({ "/etc/jail.conf": "a { path = /j/$nope; }\nb { path = /j/$name; }\n" });
    const [a, b] = jails;
    expect(a?.problems).toEqual([{ file: "/etc/jail.conf", line: 1, message: 'a: path: variable "nope" not found' }]);
    expect(b?.problems).toEqual([]);
    expect(effectiveParameters(b!).parameters).toEqual({ path: "/j/b" });
  });

  it("reports a variable loop and an array substituted inline", async () => {
    const text = 'a { $x = $y; $y = $x; path = $x; }\nb { ip4.addr = 1.1.1.1, 2.2.2.2; exec.start = "echo ${ip4.addr}"; }';
    const { jails } = await effective({ "/etc/jail.conf": text });
    expect(jails[0]?.problems.map((p) => p.message)).toContainEqual(expect.stringMatching(/variable loop/));
    expect(jails[1]?.problems.map((p) => p.message)).toEqual(["b: exec.start: array cannot be substituted inline"]);
  });

  it("reports an include loop at the including line, and a missing literal include", async () => {
    const files = {
      "/etc/jail.conf": 'a { persist; }\n.include "/etc/jail.d/one.conf";\n.include "missing.conf";\n',
      "/etc/jail.d/one.conf": '.include "two.conf";\n',
      "/etc/jail.d/two.conf": 'b { persist; }\n.include "/etc/jail.d/one.conf";\n',
    };
    const { jails, loaded } = await effective(files);
    expect(loaded.problems).toEqual([
      {
        file: "/etc/jail.d/two.conf",
        line: 2,
        message: "include loop: /etc/jail.conf → /etc/jail.d/one.conf → /etc/jail.d/two.conf → /etc/jail.d/one.conf",
      },
      { file: "/etc/jail.conf", line: 3, message: "cannot read /etc/missing.conf" },
    ]);
    expect(jails.map((j) => j.name)).toEqual(["a", "b"]);
  });

  it("reports a jail defined twice at both definitions, and a redefined name", async () => {
    const { jails } = await effective({ "/etc/jail.conf": "a { persist; }\nb { name = c; }\na { persist; }\n" });
    expect(duplicateDefinitions(jails).map((p) => `${p.line}: ${p.message}`)).toEqual([
      '1: jail "a" is defined more than once (/etc/jail.conf:1, /etc/jail.conf:3)',
      '3: jail "a" is defined more than once (/etc/jail.conf:1, /etc/jail.conf:3)',
    ]);
    expect(jails[1]?.problems).toEqual([{ file: "/etc/jail.conf", line: 2, message: 'b: cannot redefine parameter "name".' }]);
  });

  it("reports a missing semicolon and goes on with the next statement", async () => {
    const { byName, loaded } = await effective({ "/etc/jail.conf": "a {\n persist\n securelevel = 3;\n enforce_statfs = 2;\n}\n" });
    expect(loaded.problems).toEqual([{ file: "/etc/jail.conf", line: 3, message: 'missing ";" after persist' }]);
    expect(byName["a"]?.parameters).toEqual({ enforce_statfs: "2" });
  });
});
