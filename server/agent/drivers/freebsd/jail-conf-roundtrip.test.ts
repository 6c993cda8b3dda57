import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatStatement, renderJailConf, type ConfValue, type JailConfSpec } from "./jail-conf";
import { effectiveParameters, parseJailConf, type ParsedConfValue } from "./jail-conf-parse";
import { resolveJails } from "./jail-conf-resolve";
import { parseConfFile } from "./jail-conf-syntax";

/** Names jail(8) would not read back as written: a "no" prefix negates, .addr/mount are lists. */
const parameterName = fc
  .array(fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/), { minLength: 1, maxLength: 3 })
  .map((parts) => parts.join("."))
  .filter((name) => !/(^|\.)no/.test(name) && !/\.addr$|^mount$|^(name|jid|path|host\.hostname|exec\.consolelog)$/.test(name));

/** Any text a value may hold, jail.conf's special characters among it; "true"/"false" read as booleans. */
const text = fc
  .string({ unit: fc.constantFrom(..."ab $\\\"'{};=,+#/*\n\t\r.-_0"), maxLength: 24 })
  .filter((s) => !/^(true|false)$/i.test(s));

const value: fc.Arbitrary<ConfValue> = fc.oneof(
  text,
  fc.integer({ min: -5, max: 1_000_000 }),
  fc.boolean(),
  fc.array(text, { minLength: 2, maxLength: 4 }),
);

/** What reading gives for a written value: numbers come back as their text. */
function expected(written: ConfValue): ParsedConfValue {
  if (typeof written === "number") return String(written);
  if (Array.isArray(written)) return [...written];
  return written as string | boolean;
}

const spec = (parameters: Record<string, ConfValue>): JailConfSpec => ({
  name: "prop1",
  path: "/usr/local/jails/prop1",
  hostname: "prop1.example.org",
  interface: "em0",
  ipv4: ["192.0.2.11"],
  ipv6: [],
  parameters,
  mounts: [],
  consoleLog: "/var/log/jail_console_prop1.log",
  meta: { template: null, autostart: false, tags: [], limits: {}, interface: "em0" },
});

describe("jail.conf round trip (property)", () => {
  it("reads back every parameter Stockade writes for a jail", () => {
    fc.assert(
      fc.property(fc.dictionary(parameterName, value, { maxKeys: 8 }), (parameters) => {
        const read = parseJailConf(renderJailConf(spec(parameters))).parameters;
        for (const [key, written] of Object.entries(parameters)) expect(read[key]).toEqual(expected(written));
      }),
      { numRuns: 300 },
    );
  });

  it("reads back several jails with global defaults in one file, the later statement winning", () => {
    const statement = fc.tuple(parameterName, value);
    const jail = fc.record({ name: fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/), statements: fc.array(statement, { maxLength: 5 }) });
    fc.assert(
      fc.property(
        fc.array(statement, { maxLength: 4 }),
        fc.uniqueArray(jail, { selector: (j) => j.name, maxLength: 4 }),
        (globals, jails) => {
          const lines = globals.map(([k, v]) => formatStatement(k, v) ?? "");
          for (const j of jails) lines.push(`${j.name} {`, ...j.statements.map(([k, v]) => `  ${formatStatement(k, v) ?? ""}`), "}");
          const resolved = resolveJails(
            parseConfFile(lines.join("\n"), "jail.conf").items.flatMap((i) => (i.kind === "block" ? [i.block] : [])),
          );
          for (const j of jails) {
            const model: Record<string, ParsedConfValue> = {};
            for (const [k, v] of [...globals, ...j.statements]) model[k] = expected(v);
            expect(effectiveParameters(resolved.find((r) => r.name === j.name)!).parameters).toEqual(model);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
