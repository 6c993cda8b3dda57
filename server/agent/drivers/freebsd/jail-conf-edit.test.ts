import { describe, expect, it } from "vitest";
import { editJailInPlace } from "./jail-conf-edit";
import type { ConfReader } from "./jail-conf-load";

const JAIL_CONF = `# Host jails, by hand since 2019.
exec.start = "/bin/sh /etc/rc";
path = "/usr/local/jails/$name";

/* the resolver */
ns1 {
    ip4.addr = "em0|192.0.2.30/32";   # primary
    securelevel = 3;
}

mail1 { ip4.addr = "em0|192.0.2.31/32"; allow.raw_sockets; }

web1 {
    exec.start += "/usr/local/bin/warm-cache";
}

* { enforce_statfs = 2; }
`;

const reader = (files: Record<string, string>): ConfReader => ({
  readFile: async (file) => files[file] ?? null,
  listDir: async () => [],
});

const edit = (changes: Record<string, string | number | boolean>, line: number) =>
  editJailInPlace(reader({ "/etc/jail.conf": JAIL_CONF }), "/etc/jail.conf", { file: "/etc/jail.conf", line }, changes);

describe("editing an adopted jail in place", () => {
  it("replaces the one statement and keeps every other byte of the file", async () => {
    const result = await edit({ securelevel: 2 }, 6);
    expect(result).toEqual({
      ok: true,
      file: "/etc/jail.conf",
      before: JAIL_CONF,
      after: JAIL_CONF.replace("    securelevel = 3;\n", "    securelevel = 2;\n"),
    });
  });

  it("adds a new statement before the closing brace with the block's indentation", async () => {
    const result = await edit({ "allow.sysvipc": true, "children.max": 0 }, 6);
    expect(result.ok && result.after).toBe(
      JAIL_CONF.replace("    securelevel = 3;\n}", "    securelevel = 3;\n    allow.sysvipc;\n    children.max = 0;\n}"),
    );
  });

  it("edits a one-line block in its line, and a no-prefixed boolean as the same parameter", async () => {
    const result = await edit({ "allow.noraw_sockets": true, securelevel: 1 }, 11);
    expect(result.ok && result.after).toBe(JAIL_CONF.replace("allow.raw_sockets; }", "allow.noraw_sockets;  securelevel = 1; }"));
  });

  it("refuses a value built with +=, and one a later wildcard overrides, writing nothing", async () => {
    expect(await edit({ "exec.start": "/bin/sh /etc/rc" }, 13)).toEqual({
      ok: false,
      reason: "exec.start is built from several statements (/etc/jail.conf line 14)",
    });
    expect(await edit({ enforce_statfs: 1 }, 6)).toEqual({
      ok: false,
      reason: "enforce_statfs is set for every jail after this one (/etc/jail.conf line 17), which would override it",
    });
  });
});
